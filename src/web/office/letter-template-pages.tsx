// The agency's letter templates: the list of kinds, and the editor of one with its fields listed.
import type { AgencyTemplate } from '../../applications/index.ts';
import {
  LETTER_KIND_LABELS,
  type LetterKind,
  PLACEHOLDERS_BY_KIND,
} from '../../applications/letters/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome } from './chrome.ts';

export function letterTemplatesHref(agencyId: string, kind?: LetterKind): string {
  const base = `/office/agencies/${encodeURIComponent(agencyId)}/letter-templates`;
  return kind ? `${base}?kind=${kind}` : base;
}

export function LetterTemplatesPage(props: {
  chrome: Chrome;
  agency: { id: string; name: string };
  templates: readonly AgencyTemplate[];
  notice?: string;
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="文书模板">
      <Breadcrumb items={[{ label: props.agency.name }, { label: '文书模板' }]} />
      <h1>文书模板</h1>
      <Notice message={props.notice} />
      <p>
        依申请公开的告知书、通知和答复按本机关的模板生成。法定内容（期限、后果、救济途径）由系统按条例填写，模板只能调整措辞和顺序。
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">文书</th>
            <th scope="col">模板</th>
            <th scope="col">最后修改</th>
          </tr>
        </thead>
        <tbody>
          {props.templates.map((t) => (
            <tr>
              <th scope="row">
                <a href={letterTemplatesHref(props.agency.id, t.kind)} safe>
                  {LETTER_KIND_LABELS[t.kind]}
                </a>
              </th>
              <td>{t.custom ? '本机关模板' : '默认模板'}</td>
              <td>{t.updatedAt ? <time safe>{t.updatedAt.slice(0, 10)}</time> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </OfficeLayout>
  );
}

export function LetterTemplateEditPage(props: {
  chrome: Chrome;
  agency: { id: string; name: string };
  template: AgencyTemplate;
  body?: string;
  errors?: readonly string[];
}): JSX.Element {
  const { kind } = props.template;
  const label = LETTER_KIND_LABELS[kind];
  return (
    <OfficeLayout {...props.chrome} title={`编辑模板：${label}`}>
      <Breadcrumb
        items={[
          { label: props.agency.name },
          { label: '文书模板', href: letterTemplatesHref(props.agency.id) },
          { label },
        ]}
      />
      <h1 safe>{label}</h1>
      <ErrorSummary messages={props.errors ?? []} />
      <form method="post" action={letterTemplatesHref(props.agency.id)} class="stacked">
        <CsrfField token={props.chrome.csrfToken} />
        <input type="hidden" name="kind" value={kind} />
        <div class="field">
          <label for="f-body">模板正文（每段一行，字段写作 {'{{字段名}}'}）</label>
          <textarea id="f-body" name="body" rows="18" maxlength="20000" aria-describedby="fields" safe>
            {props.body ?? props.template.body}
          </textarea>
        </div>
        <button type="submit" name="action" value="save">
          保存模板
        </button>{' '}
        {props.template.custom ? (
          <button type="submit" name="action" value="reset">
            恢复默认模板
          </button>
        ) : (
          ''
        )}
      </form>
      <h2 id="fields">可用字段</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">字段</th>
            <th scope="col">内容</th>
            <th scope="col">必须</th>
          </tr>
        </thead>
        <tbody>
          {PLACEHOLDERS_BY_KIND[kind].map((p) => (
            <tr>
              <td>
                <code safe>{`{{${p.name}}}`}</code>
              </td>
              <td safe>{p.label + (p.list ? '（编号列表，须单独成行结尾）' : '')}</td>
              <td>{p.required ? '是' : '否'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </OfficeLayout>
  );
}
