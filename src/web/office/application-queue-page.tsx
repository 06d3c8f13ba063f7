// The back office's queue of 依申请公开: the applications of an agency by due date, and the choice of
// agencies when the nav link cannot choose one.

import type { QueueItem } from '../../applications/index.ts';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { applicationHref, applicationsHref, newApplicationHref } from './application-hrefs.ts';
import { type Agency, dueWords, userName } from './application-shared.ts';
import type { Chrome } from './chrome.ts';

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
}

export function QueuePage(props: {
  chrome: Chrome;
  agency: Agency;
  items: readonly QueueItem[];
  /** Display names of the handlers, by user id. */
  names: ReadonlyMap<string, string>;
  mine: boolean;
  includeClosed: boolean;
  canRegister: boolean;
  /** Other agencies whose queue the user may read. */
  others: readonly Agency[];
}): JSX.Element {
  const title = `依申请公开 — ${props.agency.name}`;
  const overdue = props.items.filter((i) => i.overdue).length;
  const dueSoon = props.items.filter((i) => i.dueSoon).length;
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <h1 safe>{title}</h1>
      <p safe>
        {`共 ${props.items.length} 件${props.includeClosed ? '' : '正在办理'}；已超期 ${overdue} 件，即将到期 ${dueSoon} 件（3个工作日内）。按答复期限排序，待补正的申请排在最后。`}
      </p>
      {props.canRegister ? (
        <p>
          <a class="button" href={newApplicationHref(props.agency.id)}>
            登记收到的申请（信函、电子邮件、传真、当面提交）
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={applicationsHref(props.agency.id)} class="actions">
        <div class="choice">
          <input type="checkbox" id="q-mine" name="mine" value="1" checked={props.mine} />
          <label for="q-mine">仅看我的</label>
        </div>
        <div class="choice">
          <input type="checkbox" id="q-closed" name="closed" value="1" checked={props.includeClosed} />
          <label for="q-closed">含已办结</label>
        </div>
        <button type="submit" class="secondary">
          筛选
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>没有符合条件的申请。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption>申请列表（按答复期限排序）</caption>
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">收到日期</th>
                <th scope="col">渠道</th>
                <th scope="col">申请人类型</th>
                <th scope="col">所需信息</th>
                <th scope="col">状态</th>
                <th scope="col">答复期限</th>
                <th scope="col">承办人</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((item) => (
                <tr
                  id={`application-${item.id}`}
                  class={item.overdue ? 'overdue' : item.dueSoon ? 'due-soon' : undefined}
                >
                  <th scope="row" data-label="申请编号">
                    <a href={applicationHref(props.agency.id, item.id)} safe>
                      {item.trackingNumber}
                    </a>
                    {item.overdue ? (
                      <strong> 【已超期】</strong>
                    ) : item.dueSoon ? (
                      <strong> 【即将到期】</strong>
                    ) : (
                      ''
                    )}
                  </th>
                  <td data-label="收到日期" safe>
                    {item.receivedOn}
                  </td>
                  <td data-label="渠道" safe>
                    {item.channelLabel}
                  </td>
                  <td data-label="申请人类型" safe>
                    {item.applicantLabel}
                  </td>
                  <td data-label="所需信息" safe>
                    {truncate(item.description, 40)}
                  </td>
                  <td data-label="状态" safe>
                    {item.phaseLabel}
                  </td>
                  <td data-label="答复期限">
                    <span safe>
                      {item.replyDue ?? (item.phase === 'awaiting_supplement' ? '待补正后重新计算' : '—')}
                    </span>
                    {dueWords(item).map((w) => (
                      <strong safe>{` 【${w}】`}</strong>
                    ))}
                  </td>
                  <td data-label="承办人" safe>
                    {userName(props.names, item.assignedTo, '（非本机构办理人员）', '未分配')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.others.length > 0 ? (
        <section class="panel" aria-labelledby="others-title">
          <h2 id="others-title">其他机构的申请</h2>
          <ul class="column-list">
            {props.others.map((a) => (
              <li>
                <a href={applicationsHref(a.id)} safe>
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

/** The agencies whose applications the user reads, when the nav link cannot choose one. */
export function AgencyChoicePage(props: { chrome: Chrome; agencies: readonly Agency[] }): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="依申请公开">
      <h1>依申请公开</h1>
      {props.agencies.length === 0 ? (
        <p>
          您在任何机构都没有办理、审批或监督依申请公开的角色。如需办理，请联系系统管理员分配“依申请办理”角色。
        </p>
      ) : (
        <ul class="column-list">
          {props.agencies.map((a) => (
            <li>
              <a href={applicationsHref(a.id)} safe>
                {a.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </OfficeLayout>
  );
}
