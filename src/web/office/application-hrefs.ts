// The addresses of the back office's pages of 依申请公开, and the applicant's status link on the portal.

import { statusHref } from '../portal/apply-pages.tsx';

const enc = encodeURIComponent;

/** The nav link: the queue of the user's own agency (or a choice of agencies). */
export const MY_APPLICATIONS_HREF = '/office/applications';

export function applicationsHref(agencyId: string): string {
  return `/office/agencies/${enc(agencyId)}/applications`;
}

export function newApplicationHref(agencyId: string): string {
  return `${applicationsHref(agencyId)}/new`;
}

export function applicationHref(agencyId: string, applicationId: string): string {
  return `${applicationsHref(agencyId)}/${enc(applicationId)}`;
}

export function letterDocxHref(agencyId: string, applicationId: string, letterId: string): string {
  return `${applicationHref(agencyId, applicationId)}/letters/${enc(letterId)}.docx`;
}

export function fileHref(agencyId: string, applicationId: string, fileId: string): string {
  return `${applicationHref(agencyId, applicationId)}/files/${enc(fileId)}`;
}

/** The applicant's status page on the portal, with the secret in its `token` parameter (never logged). */
export function applicantStatusUrl(origin: string, token: string): string {
  return `${origin}${statusHref(token)}`;
}
