// The portal's 主动公开 pages: an item with its metadata, the 政府信息公开目录 of an agency, and
// the agency's search. Every dynamic text is escaped; only two kinds of HTML are printed as they
// are: an item's body (sanitized to an allow-list by the disclosures module before it is stored)
// and the search module's titleHtml/snippetHtml (escaped there, matches in <mark>).
import {
  type CatalogueCategory,
  type PublicItem,
  type PublicItemSummary,
  VALIDITIES,
  VALIDITY_IDS,
  type Validity,
} from '../../disclosures/index.ts';
import type { SearchHit } from '../../search/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { agencyHref } from './pages.tsx';

export const SEARCH_MAX_LENGTH = 100;
/** The first year the search offers (the 条例 took effect in 2008). */
export const SEARCH_FIRST_YEAR = 2008;

/** The filters of a search that the page applied (valid values only). */
export interface SearchFilters {
  category?: string;
  year?: number;
  validity?: Validity;
}

/** The query parameters of the filters, for links (the pager) that keep them. */
export function searchFilterParams(filters: SearchFilters): Record<string, string> {
  return {
    ...(filters.category !== undefined ? { category: filters.category } : {}),
    ...(filters.year !== undefined ? { year: String(filters.year) } : {}),
    ...(filters.validity !== undefined ? { validity: filters.validity } : {}),
  };
}

export function itemsHref(agencyId: string): string {
  return `${agencyHref(agencyId)}/items`;
}

export function itemHref(agencyId: string, itemId: string): string {
  return `${itemsHref(agencyId)}/${encodeURIComponent(itemId)}`;
}

export function searchHref(agencyId: string): string {
  return `${agencyHref(agencyId)}/search`;
}

/** The agency's RSS or Atom feed, of one category when given (src/web/portal/feed-routes.ts). */
export function feedHref(agencyId: string, kind: 'rss' | 'atom', category = ''): string {
  const path = `${agencyHref(agencyId)}/${kind === 'rss' ? 'feed.xml' : 'atom.xml'}`;
  return category ? `${path}?category=${encodeURIComponent(category)}` : path;
}

function sizeText(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function ItemPage(props: { item: PublicItem }): JSX.Element {
  const { item } = props;
  const lapsed = item.validity !== '有效';
  const rows: [string, string][] = [
    ['索引号', item.indexNumber],
    ['发布机构', item.agencyName],
    ['文号', item.documentNumber ?? ''],
    ['成文日期', item.formedOn],
    ['发布日期', item.publishedOn],
    ['分类', item.categoryName],
    ['主题分类', item.theme ?? ''],
  ];
  // The body is sanitized HTML (PublicItem.bodyHtml: sanitized to an allow-list on every save).
  const safeBody = item.bodyHtml;
  return (
    <PortalLayout title={item.title} agency={{ id: item.agencyId, name: item.agencyName }}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: item.agencyName, href: agencyHref(item.agencyId) },
          { label: '政府信息公开目录', href: itemsHref(item.agencyId) },
          { label: item.title },
        ]}
      />
      <article class="item">
        <h1 safe>{item.title}</h1>
        {lapsed ? (
          <p class="validity-warning" role="note">
            <strong safe>{`本文件已${item.validity}`}</strong>
          </p>
        ) : (
          ''
        )}
        <table class="item-meta">
          <tbody>
            {rows.map(([label, value]) => (
              <tr>
                <th scope="row" safe>
                  {label}
                </th>
                <td safe>{value}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">有效性</th>
              <td>{lapsed ? <strong safe>{item.validity}</strong> : <span safe>{item.validity}</span>}</td>
            </tr>
            {item.updatedOn ? (
              <tr>
                <th scope="row">更新日期</th>
                <td safe>{item.updatedOn}</td>
              </tr>
            ) : (
              ''
            )}
          </tbody>
        </table>
        <div class="item-body">{safeBody}</div>
        {item.attachments.length === 0 ? (
          ''
        ) : (
          <section class="panel" aria-labelledby="attachments-title">
            <h2 id="attachments-title">附件</h2>
            <ul class="attachments">
              {item.attachments.map((a) => (
                <li>
                  <a
                    href={`${itemHref(item.agencyId, item.id)}/attachments/${encodeURIComponent(a.id)}`}
                    safe
                  >
                    {a.filename}
                  </a>{' '}
                  <span class="hint" safe>
                    {`（${sizeText(a.size)}）`}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </article>
    </PortalLayout>
  );
}

function Pager(props: { base: string; params: Record<string, string>; page: number; pages: number }) {
  if (props.pages <= 1) return '';
  const href = (page: number) => {
    const query = new URLSearchParams({ ...props.params, page: String(page) });
    return `${props.base}?${query.toString()}`;
  };
  return (
    <nav class="pager" aria-label="分页">
      {props.page > 1 ? (
        <a href={href(props.page - 1)} rel="prev">
          上一页
        </a>
      ) : (
        ''
      )}{' '}
      <span safe>{`第${props.page}页，共${props.pages}页`}</span>{' '}
      {props.page < props.pages ? (
        <a href={href(props.page + 1)} rel="next">
          下一页
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

export interface CataloguePageProps {
  agency: { id: string; name: string };
  categories: readonly CatalogueCategory[];
  category: string;
  total: number;
  page: number;
  pageSize: number;
  items: readonly PublicItemSummary[];
}

export function CataloguePage(props: CataloguePageProps): JSX.Element {
  const { agency } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const visible = props.categories.filter((c) => !c.hidden);
  return (
    <PortalLayout title="政府信息公开目录" agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: agencyHref(agency.id) },
          { label: '政府信息公开目录' },
        ]}
      />
      <h1>政府信息公开目录</h1>
      <p>
        <a href={searchHref(agency.id)}>搜索本机关公开的信息</a>{' '}
        <a href={feedHref(agency.id, 'rss', props.category)} type="application/rss+xml">
          订阅（RSS）
        </a>
      </p>
      <form method="get" action={itemsHref(agency.id)} class="inline-form">
        <label for="f-category">分类</label>
        <select id="f-category" name="category">
          <option value="">全部</option>
          {visible.map((c) => (
            <option value={c.code} selected={c.code === props.category} safe>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit">筛选</button>
      </form>
      <p safe>{`共${props.total}条`}</p>
      {props.items.length === 0 ? (
        <p>暂无公开的信息。</p>
      ) : (
        <table class="catalogue">
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">发布日期</th>
              <th scope="col">索引号</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>
                  <a href={itemHref(agency.id, item.id)} safe>
                    {item.title}
                  </a>
                </td>
                <td safe>{item.publishedOn}</td>
                <td safe>{item.indexNumber}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        base={itemsHref(agency.id)}
        params={props.category ? { category: props.category } : {}}
        page={props.page}
        pages={pages}
      />
    </PortalLayout>
  );
}

export interface SearchPageProps {
  agency: { id: string; name: string };
  /** The categories offered as a filter (the agency's catalogue, hidden ones left out). */
  categories: readonly CatalogueCategory[];
  /** The latest year offered as a filter. */
  thisYear: number;
  filters: SearchFilters;
  /** A filter of the query was not valid and was left out. */
  filtersIgnored?: boolean;
  q: string;
  problem?: string;
  result?: { total: number; hits: readonly SearchHit[]; page: number; pageSize: number };
}

export function SearchPage(props: SearchPageProps): JSX.Element {
  const { agency, result, filters } = props;
  const years: number[] = [];
  for (let y = props.thisYear; y >= SEARCH_FIRST_YEAR; y--) years.push(y);
  return (
    <PortalLayout title="搜索" agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: agencyHref(agency.id) },
          { label: '搜索' },
        ]}
      />
      <h1>搜索</h1>
      <form method="get" action={searchHref(agency.id)} class="inline-form">
        <label for="f-q">搜索词</label>
        <input
          id="f-q"
          type="search"
          name="q"
          value={props.q}
          maxlength={String(SEARCH_MAX_LENGTH)}
          aria-describedby={props.problem ? 'f-q-error' : undefined}
        />
        <label for="f-category">分类</label>
        <select id="f-category" name="category">
          <option value="">全部分类</option>
          {props.categories.map((c) => (
            <option value={c.code} selected={c.code === filters.category} safe>
              {c.name}
            </option>
          ))}
        </select>
        <label for="f-year">发布年度</label>
        <select id="f-year" name="year">
          <option value="">全部年度</option>
          {years.map((y) => (
            <option value={String(y)} selected={y === filters.year} safe>
              {`${y}年`}
            </option>
          ))}
        </select>
        <label for="f-validity">有效性</label>
        <select id="f-validity" name="validity">
          <option value="">全部</option>
          {VALIDITY_IDS.map((v) => (
            <option value={v} selected={v === filters.validity}>
              {VALIDITIES[v]}
            </option>
          ))}
        </select>
        <button type="submit">搜索</button>
      </form>
      {props.filtersIgnored ? (
        <p class="hint" role="note">
          部分筛选条件无效，已忽略。
        </p>
      ) : (
        ''
      )}
      {props.problem ? (
        <p class="field-error" id="f-q-error" role="alert" safe>
          {props.problem}
        </p>
      ) : (
        ''
      )}
      {result === undefined ? (
        ''
      ) : (
        <section aria-labelledby="results-title">
          <h2 id="results-title" safe>{`找到${result.total}条结果`}</h2>
          {result.hits.length === 0 ? (
            <p>没有找到相关的信息，请换一个搜索词。</p>
          ) : (
            <ol class="search-results">
              {result.hits.map((hit) => {
                // Escaped by the search module; only its <mark> elements are markup.
                const safeTitle = hit.titleHtml;
                const safeSnippet = hit.snippetHtml;
                return (
                  <li>
                    <h3>
                      <a href={hit.url}>{safeTitle}</a>
                    </h3>
                    <p class="snippet">{safeSnippet}</p>
                    <p class="hint" safe>{`发布日期：${hit.publishedOn}`}</p>
                  </li>
                );
              })}
            </ol>
          )}
          <Pager
            base={searchHref(agency.id)}
            params={{ q: props.q, ...searchFilterParams(filters) }}
            page={result.page}
            pages={Math.max(1, Math.ceil(result.total / result.pageSize))}
          />
        </section>
      )}
    </PortalLayout>
  );
}
