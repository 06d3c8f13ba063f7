// The standard columns of an agency's 政府信息公开 home page, in the order portals print them.
// A column appears on the page only once the feature behind it exists and gives it a path; until
// then the home page does not link to it (no promises of empty pages).

import type { AgencyKind } from '../../agencies/index.ts';
import { receivesApplications } from '../../applications/index.ts';

export interface PortalColumn {
  key: 'guide' | 'rules' | 'statutory' | 'catalogue' | 'application' | 'annual_report' | 'services';
  title: string;
  /** The column's page for an agency, or null while the feature does not exist. */
  path: ((agencyId: string) => string) | null;
  /** Kinds of agency that have the column (all when absent). */
  for?: (kind: AgencyKind) => boolean;
}

export const PORTAL_COLUMNS: readonly PortalColumn[] = [
  { key: 'guide', title: '政府信息公开指南', path: (id) => `/agencies/${encodeURIComponent(id)}/guide` },
  { key: 'rules', title: '政府信息公开制度', path: (id) => `/agencies/${encodeURIComponent(id)}/rules` },
  {
    key: 'statutory',
    title: '法定主动公开内容',
    path: (id) => `/agencies/${encodeURIComponent(id)}/statutory`,
  },
  { key: 'catalogue', title: '政府信息公开目录', path: (id) => `/agencies/${encodeURIComponent(id)}/items` },
  {
    key: 'application',
    title: '依申请公开',
    path: (id) => `/agencies/${encodeURIComponent(id)}/apply`,
    // 村民委员会 receive no applications (条例第二十七条).
    for: receivesApplications,
  },
  {
    key: 'annual_report',
    title: '政府信息公开工作年度报告',
    path: (id) => `/agencies/${encodeURIComponent(id)}/annual-reports`,
  },
  // 政务服务事项 and the 便民服务大厅's windows (issue 7).
  { key: 'services', title: '政务服务', path: (id) => `/agencies/${encodeURIComponent(id)}/services` },
];

/** The columns that exist, with their paths for the agency. */
export function availableColumns(agency: {
  id: string;
  kind: AgencyKind;
}): { title: string; href: string }[] {
  return PORTAL_COLUMNS.flatMap((column) =>
    column.path === null || (column.for && !column.for(agency.kind))
      ? []
      : [{ title: column.title, href: column.path(agency.id) }],
  );
}
