// The auditor's view of the audit log: filters, a page of records, CSV export.
import type { AuditRow } from '../../agencies/index.ts';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome } from './chrome.ts';

export interface AuditFilters {
  from?: string;
  to?: string;
  action?: string;
}

export function auditHref(
  agencyId: string,
  filters: AuditFilters & { beforeSeq?: number } = {},
  csv = false,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return `/office/agencies/${encodeURIComponent(agencyId)}/audit${csv ? '.csv' : ''}${query ? `?${query}` : ''}`;
}

const RESULTS: Record<string, string> = { ok: '成功', denied: '拒绝', failed: '失败' };

export function AuditLogPage(props: {
  chrome: Chrome;
  agency: { id: string; name: string };
  filters: AuditFilters;
  rows: readonly AuditRow[];
  nextBeforeSeq: number | null;
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title={`审计日志 - ${props.agency.name}`}>
      <h1>
        审计日志：<span safe>{props.agency.name}</span>
      </h1>
      <form method="get" action={auditHref(props.agency.id)} class="filters">
        <p>
          <label for="from">起始日期</label>
          <input id="from" name="from" type="date" value={props.filters.from ?? ''} />
        </p>
        <p>
          <label for="to">截止日期</label>
          <input id="to" name="to" type="date" value={props.filters.to ?? ''} />
        </p>
        <p>
          <label for="action">操作（如 auth.login）</label>
          <input id="action" name="action" type="text" maxlength="100" value={props.filters.action ?? ''} />
        </p>
        <p>
          <button type="submit">筛选</button>{' '}
          <a href={auditHref(props.agency.id, props.filters, true)}>导出CSV</a>
        </p>
      </form>
      {props.rows.length === 0 ? (
        <p>没有符合条件的记录。</p>
      ) : (
        <table class="cards">
          <caption>最新的记录在前</caption>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间（UTC）</th>
              <th scope="col">用户</th>
              <th scope="col">机构</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">结果</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td data-label="序号" safe>
                  {String(row.seq)}
                </td>
                <td data-label="时间" safe>
                  {row.at.replace('T', ' ').slice(0, 19)}
                </td>
                <td data-label="用户" safe>
                  {row.username ?? (row.user_id ? row.user_id : '系统')}
                </td>
                <td data-label="机构" safe>
                  {row.agencyName ?? '—'}
                </td>
                <td data-label="操作" safe>
                  {row.action}
                </td>
                <td data-label="对象" safe>
                  {[row.object_type, row.object_id].filter(Boolean).join(' ') || '—'}
                </td>
                <td data-label="结果" safe>
                  {RESULTS[row.result] ?? row.result}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextBeforeSeq === null ? (
        ''
      ) : (
        <p>
          <a href={auditHref(props.agency.id, { ...props.filters, beforeSeq: props.nextBeforeSeq })}>
            更早的记录
          </a>
        </p>
      )}
    </OfficeLayout>
  );
}
