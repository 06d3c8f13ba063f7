import { AGENCY_KINDS, type AgencyContact, type PublicAgency } from '../../agencies/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { AgencyTreeList } from './agency-tree.tsx';

export function agencyHref(id: string): string {
  return `/agencies/${encodeURIComponent(id)}`;
}

export function HomePage(props: { agencies: readonly (PublicAgency & { depth: number })[] }): JSX.Element {
  return (
    <PortalLayout title="首页">
      <h1>政府信息公开</h1>
      <section class="panel" aria-labelledby="agencies-title">
        <h2 id="agencies-title">各机关政府信息公开专栏</h2>
        {props.agencies.length === 0 ? (
          <p>目前还没有机关开设政府信息公开专栏。</p>
        ) : (
          <AgencyTreeList
            items={props.agencies}
            label="机关列表"
            render={(agency) => (
              <a href={agencyHref(agency.id)} safe>
                {agency.name}
              </a>
            )}
          />
        )}
      </section>
    </PortalLayout>
  );
}

const CONTACT_LABELS: readonly [keyof AgencyContact, string][] = [
  ['office', '工作机构'],
  ['address', '办公地址'],
  ['postcode', '邮政编码'],
  ['hours', '办公时间'],
  ['phone', '联系电话'],
  ['fax', '传真'],
  ['email', '电子邮箱'],
];

export interface AgencyPageProps {
  agency: PublicAgency;
  parent: PublicAgency | null;
  subAgencies: readonly PublicAgency[];
  columns: readonly { title: string; href: string }[];
}

export function AgencyPage(props: AgencyPageProps): JSX.Element {
  const { agency } = props;
  const contact = CONTACT_LABELS.filter(([key]) => agency.contact[key] !== undefined);
  return (
    <PortalLayout title="政府信息公开" agency={{ id: agency.id, name: agency.name }}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          ...(props.parent ? [{ label: props.parent.name, href: agencyHref(props.parent.id) }] : []),
          { label: agency.name },
        ]}
      />
      <h1>
        <span safe>{agency.name}</span>政府信息公开
      </h1>
      <section class="panel" aria-labelledby="columns-title">
        <h2 id="columns-title">公开栏目</h2>
        {props.columns.length === 0 ? (
          <p>本机关尚未在本平台发布政府信息。</p>
        ) : (
          <ul class="column-list">
            {props.columns.map((column) => (
              <li>
                <a href={column.href} safe>
                  {column.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="about-title">
        <h2 id="about-title">机关信息</h2>
        <dl class="facts">
          <dt>机关名称</dt>
          <dd safe>{agency.name}</dd>
          <dt>机关类型</dt>
          <dd>{AGENCY_KINDS[agency.kind].label}</dd>
          {agency.creditCode === null ? (
            ''
          ) : (
            <>
              <dt>统一社会信用代码</dt>
              <dd safe>{agency.creditCode}</dd>
            </>
          )}
          {props.parent ? (
            <>
              <dt>上级机关</dt>
              <dd>
                <a href={agencyHref(props.parent.id)} safe>
                  {props.parent.name}
                </a>
              </dd>
            </>
          ) : (
            ''
          )}
          {contact.map(([key, label]) => (
            <>
              <dt safe>{label}</dt>
              <dd safe>{agency.contact[key]}</dd>
            </>
          ))}
        </dl>
      </section>
      {props.subAgencies.length === 0 ? (
        ''
      ) : (
        <section class="panel" aria-labelledby="children-title">
          <h2 id="children-title">下级机关</h2>
          <ul class="agency-list">
            {props.subAgencies.map((child) => (
              <li>
                <a href={agencyHref(child.id)} safe>
                  {child.name}
                </a>
                <span class="kind">{AGENCY_KINDS[child.kind].label}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </PortalLayout>
  );
}
