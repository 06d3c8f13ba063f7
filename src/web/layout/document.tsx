// The HTML document shared by both layouts: zh-CN, one stylesheet, no scripts, a skip link.
import type Html from '@kitajs/html';
import { STYLESHEET_HREF } from '../static.ts';

export interface DocumentProps {
  title: string;
  area: 'portal' | 'office';
  /** The portal's 大字版: a class on <html> that enlarges type and spacing. */
  largeText?: boolean;
}

export function Document(props: Html.PropsWithChildren<DocumentProps>): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang="zh-CN" class={props.largeText ? 'large-text' : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{props.title}</title>
          <link rel="stylesheet" href={STYLESHEET_HREF} />
          <link rel="icon" href="data:," />
          {props.area === 'office' ? <meta name="robots" content="noindex, nofollow" /> : ''}
        </head>
        <body class={props.area}>
          <a class="skip-link" href="#main">
            跳到主要内容
          </a>
          {props.children}
        </body>
      </html>
    </>
  );
}

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumb(props: { items: readonly Crumb[] }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="当前位置">
      <ol>
        {props.items.map((item, index) =>
          item.href !== undefined && index < props.items.length - 1 ? (
            <li>
              <a href={item.href} safe>
                {item.label}
              </a>
            </li>
          ) : (
            <li aria-current="page" safe>
              {item.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
