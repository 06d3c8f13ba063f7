// The standard columns of an agency's 政府信息公开 home: 政府信息公开指南, 政府信息公开制度,
// 法定主动公开内容 and 政府信息公开工作年度报告. The content is data (src/disclosures/guide.ts and
// the catalogue); these templates only lay it out. Every dynamic text is escaped.
import { type Guide, type GuideFact, NATIONAL_RULES } from '../../disclosures/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { itemHref, itemsHref } from './item-pages.tsx';
import { agencyHref } from './pages.tsx';

export const guideHref = (agencyId: string) => `${agencyHref(agencyId)}/guide`;
export const rulesHref = (agencyId: string) => `${agencyHref(agencyId)}/rules`;
export const statutoryHref = (agencyId: string) => `${agencyHref(agencyId)}/statutory`;
export const annualReportsHref = (agencyId: string) => `${agencyHref(agencyId)}/annual-reports`;
export const normativeHref = (agencyId: string) => `${agencyHref(agencyId)}/normative`;

export function categoryHref(agencyId: string, code: string): string {
  return `${itemsHref(agencyId)}?${new URLSearchParams({ category: code }).toString()}`;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六'];

interface ShownAgency {
  id: string;
  name: string;
}

function ColumnCrumbs(props: { agency: ShownAgency; title: string }): JSX.Element {
  return (
    <Breadcrumb
      items={[
        { label: '首页', href: '/' },
        { label: props.agency.name, href: agencyHref(props.agency.id) },
        { label: props.title },
      ]}
    />
  );
}

function Facts(props: { facts: readonly GuideFact[] }): JSX.Element {
  return (
    <dl class="facts">
      {props.facts.map((f) => (
        <>
          <dt safe>{f.label}</dt>
          <dd class={f.missing ? 'missing' : undefined} safe>
            {f.value}
          </dd>
        </>
      ))}
    </dl>
  );
}

function Paragraphs(props: { lines: readonly string[] }): JSX.Element {
  return (
    <>
      {props.lines.map((line) => (
        <p safe>{line}</p>
      ))}
    </>
  );
}

export function GuidePage(props: {
  agency: ShownAgency;
  guide: Guide;
  applyHref: string | null;
}): JSX.Element {
  const { agency, guide } = props;
  const application = guide.application;
  let n = 0;
  const heading = (text: string) => `${NUMERALS[n++]}、${text}`;
  return (
    <PortalLayout title="政府信息公开指南" agency={agency}>
      <ColumnCrumbs agency={agency} title="政府信息公开指南" />
      <h1>
        <span safe>{guide.agencyName}</span>政府信息公开指南
      </h1>
      <p>
        为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》（以下简称条例）第十二条，编制本指南。本指南根据本机关的设置和本平台的办理规则生成，随之更新。
      </p>
      <section class="panel" aria-labelledby="guide-office">
        <h2 id="guide-office" safe>
          {heading('政府信息公开工作机构')}
        </h2>
        <Facts facts={guide.contact} />
      </section>
      <section class="panel" aria-labelledby="guide-proactive">
        <h2 id="guide-proactive" safe>
          {heading('主动公开')}
        </h2>
        <h3>（一）公开范围</h3>
        <p>本机关主动公开的政府信息分为以下类别：</p>
        {guide.proactive.scope.map((group) => (
          <>
            <h4 safe>{group.label}</h4>
            <ul class="compact">
              {group.categories.map((name) => (
                <li safe>{name}</li>
              ))}
            </ul>
          </>
        ))}
        <h3>（二）编排体系和获取方式</h3>
        <p safe>{guide.proactive.arrangement}</p>
        <p>
          <a href={itemsHref(agency.id)}>查看本机关政府信息公开目录</a>
        </p>
        <h3>（三）公开渠道</h3>
        <ul class="compact">
          {guide.proactive.channels.map((c) => (
            <li safe>{c}</li>
          ))}
        </ul>
        <h3>（四）公开时限</h3>
        <p safe>{guide.proactive.timeLimit}</p>
      </section>
      {application === null ? (
        <section class="panel" aria-labelledby="guide-no-application">
          <h2 id="guide-no-application" safe>
            {heading('政府信息公开申请的受理')}
          </h2>
          <p safe>{guide.noApplication}</p>
        </section>
      ) : (
        <section class="panel" aria-labelledby="guide-application">
          <h2 id="guide-application" safe>
            {heading('依申请公开')}
          </h2>
          <h3>（一）受理机构</h3>
          <p safe>{application.who}</p>
          <h3>（二）申请方式</h3>
          {props.applyHref === null ? (
            ''
          ) : (
            <p>
              <a href={props.applyHref}>在线填写政府信息公开申请表</a>
            </p>
          )}
          <Facts facts={application.channels} />
          <h3>（三）申请内容</h3>
          <p safe>{application.formNote}</p>
          <p>政府信息公开申请应当包括下列内容：</p>
          <ol class="compact">
            {application.formContents.map((line) => (
              <li safe>{line}</li>
            ))}
          </ol>
          <h3>（四）收到申请日期的确定</h3>
          <ul class="compact">
            {application.receipt.map((line) => (
              <li safe>{line}</li>
            ))}
          </ul>
          <h3>（五）补正</h3>
          <p safe>{application.supplement}</p>
          <h3>（六）答复期限</h3>
          <Paragraphs lines={application.timeLimits} />
          <h3>（七）答复</h3>
          <p>本机关根据下列情况分别作出答复（条例第三十六条）：</p>
          <ol class="compact">
            {application.outcomes.map((line) => (
              <li safe>{line}</li>
            ))}
          </ol>
          <h3>（八）信息处理费</h3>
          <Paragraphs lines={application.fees} />
        </section>
      )}
      <section class="panel" aria-labelledby="guide-remedies">
        <h2 id="guide-remedies" safe>
          {heading('监督和救济')}
        </h2>
        <Paragraphs lines={guide.remedies} />
      </section>
    </PortalLayout>
  );
}

export interface RulesPageProps {
  agency: ShownAgency;
  /** The agency's 公开制度 category and its published items, when it has one. */
  own: {
    categoryName: string;
    categoryCode: string;
    items: readonly { id: string; title: string; publishedOn: string }[];
  } | null;
}

export function RulesPage(props: RulesPageProps): JSX.Element {
  const { agency, own } = props;
  return (
    <PortalLayout title="政府信息公开制度" agency={agency}>
      <ColumnCrumbs agency={agency} title="政府信息公开制度" />
      <h1>政府信息公开制度</h1>
      <section class="panel" aria-labelledby="rules-national">
        <h2 id="rules-national">国家有关规定</h2>
        <ul class="document-list">
          {NATIONAL_RULES.map((rule) => (
            <li>
              <span safe>{rule.title}</span>
              <span class="hint" safe>
                {`（${rule.reference}）`}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="rules-own">
        <h2 id="rules-own">本机关制度</h2>
        {own === null ? (
          <p>本机关尚未设立“政府信息公开制度”栏目。</p>
        ) : own.items.length === 0 ? (
          <p>暂无公开的制度文件。</p>
        ) : (
          <>
            <ul class="document-list">
              {own.items.map((item) => (
                <li>
                  <a href={itemHref(agency.id, item.id)} safe>
                    {item.title}
                  </a>{' '}
                  <span class="hint" safe>
                    {item.publishedOn}
                  </span>
                </li>
              ))}
            </ul>
            <p>
              <a href={categoryHref(agency.id, own.categoryCode)} safe>
                {`在政府信息公开目录中查看“${own.categoryName}”`}
              </a>
            </p>
          </>
        )}
      </section>
    </PortalLayout>
  );
}

export interface StatutoryGroup {
  label: string;
  categories: readonly { code: string; name: string; basis: string | null; count: number }[];
}

export interface StatutoryPageProps {
  agency: ShownAgency;
  groups: readonly StatutoryGroup[];
  /** The 规范性文件 register, when the portal has one. */
  normativeHref: string | null;
}

/** 第二十条第（一）项: where the 规范性文件 register is linked. */
const NORMATIVE_CATEGORY = 'FD01';

export function StatutoryPage(props: StatutoryPageProps): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title="法定主动公开内容" agency={agency}>
      <ColumnCrumbs agency={agency} title="法定主动公开内容" />
      <h1>法定主动公开内容</h1>
      <p>
        根据条例第二十条、第二十一条，本机关主动公开下列政府信息。点击类别名称可在政府信息公开目录中查看该类已公开的信息。
      </p>
      {props.groups.map((group, g) => (
        <section class="panel" aria-labelledby={`statutory-${g}`}>
          <h2 id={`statutory-${g}`} safe>
            {group.label}
          </h2>
          <div class="table-wrap">
            <table class="statutory">
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col" class="number">
                    已公开
                  </th>
                </tr>
              </thead>
              <tbody>
                {group.categories.map((c) => (
                  <tr>
                    <td>
                      <a href={categoryHref(agency.id, c.code)} safe>
                        {c.name}
                      </a>
                      {c.basis === null ? (
                        ''
                      ) : (
                        <span class="hint basis" safe>
                          {c.basis}
                        </span>
                      )}
                      {c.code === NORMATIVE_CATEGORY && props.normativeHref !== null ? (
                        <a class="basis" href={props.normativeHref}>
                          规范性文件库
                        </a>
                      ) : (
                        ''
                      )}
                    </td>
                    <td class="number" safe>{`${c.count}条`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </PortalLayout>
  );
}
