// The 微信公众号 export of an item for staff: a preview of the fragment (in a sandboxed frame,
// the fragment's inline styles need a page of their own), its source to copy, and the download.
import { Breadcrumb } from '../layout/document.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome } from './chrome.ts';

export function wechatExportHref(agencyId: string, itemId: string): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/items/${encodeURIComponent(itemId)}/wechat`;
}

export function wechatFragmentHref(agencyId: string, itemId: string, download = false): string {
  return `${wechatExportHref(agencyId, itemId)}.html${download ? '?download=1' : ''}`;
}

export function WechatExportPage(props: {
  chrome: Chrome;
  agency: { id: string; name: string };
  itemId: string;
  title: string;
  /** Public now: links in the fragment lead to the portal. */
  isPublic: boolean;
  /** The fragment's HTML, shown as text to copy. */
  fragment: string;
}): JSX.Element {
  const { agency, itemId } = props;
  return (
    <OfficeLayout {...props.chrome} title="导出到微信公众号">
      <Breadcrumb items={[{ label: agency.name }, { label: props.title }, { label: '导出到微信公众号' }]} />
      <h1>导出到微信公众号</h1>
      <p
        safe
      >{`“${props.title}”的微信公众号格式：只用行内样式，不含脚本和样式表，可直接粘贴到公众号编辑器。`}</p>
      {props.isPublic ? (
        ''
      ) : (
        <p class="hint">本信息尚未在门户网站公开：附件只列名称，没有原文链接；索引号在发布后生成。</p>
      )}
      <ol>
        <li>在下方预览中全选（Ctrl+A）并复制（Ctrl+C），粘贴到公众号编辑器的正文中；</li>
        <li>
          或者
          <a href={wechatFragmentHref(agency.id, itemId, true)} download="">
            下载 HTML 文件
          </a>
          ，用浏览器打开后复制；
        </li>
        <li>也可复制下面的 HTML 源代码，粘贴到支持 HTML 的排版工具中。</li>
      </ol>
      <h2>预览</h2>
      <iframe
        src={wechatFragmentHref(agency.id, itemId)}
        title="微信公众号格式预览"
        sandbox=""
        width="100%"
        height="640"
      ></iframe>
      <h2>
        <label for="wechat-source">HTML 源代码</label>
      </h2>
      <textarea id="wechat-source" rows="12" cols="80" readonly safe>
        {props.fragment}
      </textarea>
    </OfficeLayout>
  );
}
