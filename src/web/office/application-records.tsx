// The records kept beside an application, as panels of its page: the letters issued (each readable
// in place and as Word), the uploaded files, and the 复议 and 诉讼 cases with their forms.

import { APPEAL_KIND_LABELS, APPEAL_RESULTS } from '../../appeals/index.ts';
import { CsrfField } from '../layout/forms.tsx';
import { Area, FormErrors, Input, options, Select, valuesOf } from './application-fields.tsx';
import { applicationHref, fileHref, letterDocxHref } from './application-hrefs.ts';
import type { DetailProps } from './application-shared.ts';

function bytes(size: number): string {
  return size >= 1024 * 1024
    ? `${(size / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.ceil(size / 1024))} KB`;
}

const FILE_KINDS: Readonly<Record<string, string>> = {
  id_proof: '身份证明',
  supplement: '补正材料',
  supplement_text: '补正说明',
};

export function Letters(props: DetailProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="letters-title">
      <h2 id="letters-title">文书</h2>
      {props.letters.length === 0 ? (
        <p>尚未生成文书。通知补正、延期、征求意见、收费和答复时，系统按模板生成文书并编排文号。</p>
      ) : (
        props.letters.map((letter) => (
          <details id={`letter-${letter.id}`}>
            <summary>
              <span safe>{`${letter.title}　${letter.documentNumber}　${letter.issuedOn}`}</span>
            </summary>
            <p>
              <a href={letterDocxHref(props.agency.id, props.detail.id, letter.id)} safe>
                {`下载 Word 文档（${letter.documentNumber}）`}
              </a>
            </p>
            {letter.safeHtml as 'safe'}
          </details>
        ))
      )}
    </section>
  );
}

export function Files(props: DetailProps): JSX.Element {
  const { files } = props.detail;
  return (
    <section class="panel" aria-labelledby="files-title">
      <h2 id="files-title">材料</h2>
      {files.length === 0 ? (
        <p>没有上传的材料。</p>
      ) : (
        <ul>
          {files.map((file) => (
            <li>
              <span safe>{`${FILE_KINDS[file.kind] ?? file.kind}：`}</span>
              {props.detail.canHandle ? (
                <a href={fileHref(props.agency.id, props.detail.id, file.id)} safe>
                  {file.filename}
                </a>
              ) : (
                <span safe>{file.filename}</span>
              )}
              <span class="muted" safe>{`（${bytes(file.size)}）`}</span>
            </li>
          ))}
        </ul>
      )}
      {props.detail.canHandle || files.length === 0 ? '' : <p class="muted">材料仅供本机构办理人员下载。</p>}
    </section>
  );
}

export function Appeals(props: DetailProps): JSX.Element {
  const base = applicationHref(props.agency.id, props.detail.id);
  const record = 'appeal-new';
  const result = 'appeal-result';
  const r = valuesOf(props.failed, record);
  const d = valuesOf(props.failed, result);
  const open = props.appeals.filter((a) => a.result !== '纠正');
  return (
    <section class="panel" aria-labelledby="appeals-title">
      <h2 id="appeals-title">行政复议和行政诉讼</h2>
      {props.appeals.length === 0 ? (
        <p>没有与本申请有关的行政复议或行政诉讼。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">类型</th>
                <th scope="col">案号</th>
                <th scope="col">立案日期</th>
                <th scope="col">结果</th>
                <th scope="col">审结日期</th>
              </tr>
            </thead>
            <tbody>
              {props.appeals.map((a) => (
                <tr>
                  <td data-label="类型" safe>
                    {APPEAL_KIND_LABELS[a.kind]}
                  </td>
                  <td data-label="案号" safe>
                    {a.caseNumber ?? '—'}
                  </td>
                  <td data-label="立案日期" safe>
                    {a.filedOn}
                  </td>
                  <td data-label="结果">{a.result}</td>
                  <td data-label="审结日期" safe>
                    {a.closedOn ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.detail.canHandle ? (
        <>
          <form method="post" action={`${base}/appeals`} id={record} class="stacked">
            <h3>登记复议或诉讼</h3>
            <FormErrors failed={props.failed} form={record} />
            <CsrfField token={props.chrome.csrfToken} />
            <Select
              form={record}
              name="kind"
              label="案件类型"
              value={r.get('kind', 'reconsideration')}
              options={options(APPEAL_KIND_LABELS)}
            />
            <Input form={record} name="caseNumber" label="案号" value={r.get('caseNumber')} maxlength={100} />
            <Input
              form={record}
              name="filedOn"
              type="date"
              label="立案（收到）日期"
              value={r.get('filedOn', props.today)}
              required
            />
            <Area form={record} name="notes" label="备注" value={r.get('notes')} rows={2} />
            <button type="submit">登记案件</button>
          </form>
          {open.length > 0 ? (
            <form method="post" action={`${base}/appeals/result`} id={result} class="stacked">
              <h3>登记案件结果</h3>
              <p class="muted">结果为“纠正”的，系统即重新开始答复期限，需重新答复。</p>
              <FormErrors failed={props.failed} form={result} />
              <CsrfField token={props.chrome.csrfToken} />
              <Select
                form={result}
                name="appealId"
                label="案件"
                value={d.get('appealId', open[0]!.id)}
                options={open.map((a) => ({
                  value: a.id,
                  label: `${APPEAL_KIND_LABELS[a.kind]} ${a.caseNumber ?? ''}（${a.filedOn}，${a.result}）`,
                }))}
              />
              <Select
                form={result}
                name="result"
                label="结果"
                value={d.get('result', '维持')}
                options={APPEAL_RESULTS.map((x) => ({ value: x, label: x }))}
              />
              <Input
                form={result}
                name="closedOn"
                type="date"
                label="审结日期"
                hint="尚未审结的不填。"
                value={d.get('closedOn', props.today)}
              />
              <button type="submit">保存结果</button>
            </form>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </section>
  );
}
