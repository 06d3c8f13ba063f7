// The portal's list of an agency's 规章 and 行政规范性文件: those in force first, then those no
// longer in force, marked 已废止 or 已失效 so that nobody relies on them.
import { NORMATIVE_KINDS, type PublicNormativeDocument, STATUS_ON_LABELS } from '../../normative/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';

const enc = encodeURIComponent;

export const portalNormativeHref = (agencyId: string) => `/agencies/${enc(agencyId)}/normative`;

function stateText(d: PublicNormativeDocument): string {
  const label = STATUS_ON_LABELS[d.state];
  if ((d.state === 'repealed' || d.state === 'expired') && d.statusOn) return `${label}（${d.statusOn}）`;
  if (d.state === 'expired' && d.validUntil) return `${label}（有效期至${d.validUntil}）`;
  if (d.state === 'pending') return `${label}（${d.effectiveOn}起施行）`;
  return label;
}

function DocumentTable(props: {
  agencyId: string;
  caption: string;
  documents: readonly PublicNormativeDocument[];
}): JSX.Element {
  return (
    <table class="catalogue">
      <caption safe>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">文号</th>
          <th scope="col">类别</th>
          <th scope="col">发布日期</th>
          <th scope="col">施行日期</th>
          <th scope="col">有效性</th>
        </tr>
      </thead>
      <tbody>
        {props.documents.map((d) => (
          <tr class={d.state === 'repealed' || d.state === 'expired' ? 'invalid' : undefined}>
            <td>
              {d.itemId ? (
                <a href={`/agencies/${enc(props.agencyId)}/items/${enc(d.itemId)}`} safe>
                  {d.title}
                </a>
              ) : (
                <span safe>{d.title}</span>
              )}
            </td>
            <td safe>{d.documentNumber}</td>
            <td>{NORMATIVE_KINDS[d.kind].label}</td>
            <td safe>{d.issuedOn}</td>
            <td safe>{d.effectiveOn}</td>
            <td>
              <strong safe>{stateText(d)}</strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PublicNormativePage(props: {
  agency: { id: string; name: string };
  documents: readonly PublicNormativeDocument[];
}): JSX.Element {
  const { agency } = props;
  const inForce = props.documents.filter(
    (d) => d.state === 'valid' || d.state === 'amended' || d.state === 'pending',
  );
  const ended = props.documents.filter((d) => d.state === 'repealed' || d.state === 'expired');
  return (
    <PortalLayout title="规章和行政规范性文件" agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: `/agencies/${enc(agency.id)}` },
          { label: '规章和行政规范性文件' },
        ]}
      />
      <h1>规章和行政规范性文件</h1>
      <p>
        本机关制定的规章和行政规范性文件（《中华人民共和国政府信息公开条例》第二十条第（一）项）。已废止或失效的文件不再执行，仅供查阅。
      </p>
      {props.documents.length === 0 ? (
        <p>暂无登记的规章和行政规范性文件。</p>
      ) : (
        <>
          {inForce.length > 0 ? (
            <DocumentTable
              agencyId={agency.id}
              caption={`现行有效（${inForce.length}件）`}
              documents={inForce}
            />
          ) : (
            <p>暂无现行有效的文件。</p>
          )}
          {ended.length > 0 ? (
            <DocumentTable
              agencyId={agency.id}
              caption={`已废止或失效（${ended.length}件）`}
              documents={ended}
            />
          ) : (
            ''
          )}
        </>
      )}
    </PortalLayout>
  );
}
