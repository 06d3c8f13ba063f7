// The content of a version as typed in the back office, checked and normalised (pure): plain-text
// fields lose any markup, the body is sanitized, keywords are split, dates and choices checked.
// Problems come back in Chinese, all at once.
import { isCivilDate } from '../calendar/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { isTheme, isValidity, VALIDITIES } from './catalogue.ts';
import type { ItemContent } from './item.ts';
import {
  type AttachmentScanResult,
  attachmentFindings,
  type FieldFinding,
  scanFields,
} from './personal-data.ts';
import { bodyLinks, htmlToText, MAX_BODY_HTML, plainText, sanitizeBody } from './rich-text.ts';

export interface ContentInput {
  title: string;
  documentNumber?: string | null;
  formedOn: string;
  categoryCode: string;
  theme?: string | null;
  validity?: string | null;
  summary?: string | null;
  /** Rich text (HTML) from the editor; sanitized before it is stored. */
  bodyHtml?: string | null;
  /** Comma-, 顿号- or space-separated, or a list. */
  keywords?: string | readonly string[] | null;
}

export const CONTENT_LIMITS = {
  title: 200,
  documentNumber: 100,
  summary: 2000,
  keyword: 20,
  keywords: 10,
} as const;

function length(text: string): number {
  return [...text].length;
}

export function splitKeywords(value: string | readonly string[] | null | undefined): string[] {
  const parts = typeof value === 'string' ? value.split(/[,，、;；\s]+/) : [...(value ?? [])];
  const result: string[] = [];
  for (const part of parts) {
    const k = plainText(part);
    if (k !== '' && !result.includes(k)) result.push(k);
  }
  return result;
}

/** The content normalised and its problems; `today` bounds the 成文日期. */
export function normalizeContent(
  input: ContentInput,
  today: string,
): { content: ItemContent; problems: string[] } {
  const problems: string[] = [];
  const title = plainText(input.title ?? '');
  if (title === '') problems.push('请填写标题');
  else if (length(title) > CONTENT_LIMITS.title) problems.push(`标题不能超过${CONTENT_LIMITS.title}个字`);
  const documentNumber = plainText(input.documentNumber ?? '') || null;
  if (documentNumber && length(documentNumber) > CONTENT_LIMITS.documentNumber)
    problems.push(`文号不能超过${CONTENT_LIMITS.documentNumber}个字`);
  const formedOn = (input.formedOn ?? '').trim();
  if (!isCivilDate(formedOn)) problems.push('成文日期不是有效日期（YYYY-MM-DD）');
  else if (formedOn > today) problems.push(`成文日期不能晚于今天（${today}）`);
  const categoryCode = (input.categoryCode ?? '').trim();
  if (categoryCode === '') problems.push('请选择公开目录栏目');
  const theme = input.theme ? input.theme.trim() : null;
  if (theme && !isTheme(theme)) problems.push('主题分类不在列表中');
  const validity = input.validity ? input.validity.trim() : 'valid';
  if (!isValidity(validity)) problems.push(`有效性只能是${Object.values(VALIDITIES).join('、')}`);
  const summary = plainText(input.summary ?? '');
  if (length(summary) > CONTENT_LIMITS.summary)
    problems.push(`内容概述不能超过${CONTENT_LIMITS.summary}个字`);
  const rawBody = input.bodyHtml ?? '';
  let bodyHtml = '';
  if (rawBody.length > MAX_BODY_HTML) problems.push('正文过长，请将其作为附件上传');
  else bodyHtml = sanitizeBody(rawBody);
  const keywords = splitKeywords(input.keywords);
  if (keywords.length > CONTENT_LIMITS.keywords) problems.push(`关键词不能超过${CONTENT_LIMITS.keywords}个`);
  if (keywords.some((k) => length(k) > CONTENT_LIMITS.keyword))
    problems.push(`每个关键词不能超过${CONTENT_LIMITS.keyword}个字`);
  return {
    content: {
      title,
      documentNumber,
      formedOn,
      categoryCode,
      theme: theme && isTheme(theme) ? theme : null,
      validity: isValidity(validity) ? validity : 'valid',
      summary,
      bodyHtml,
      bodyText: htmlToText(bodyHtml),
      keywords,
    },
    problems,
  };
}

export function invalidContent(problems: readonly string[]): DomainError {
  const message = problems.join('；');
  return new DomainError('input.invalid', message, { problems: [...problems], userMessage: message });
}

/** An attachment of the version as the scan sees it: its name and the scan of its content. */
export interface ScannedAttachment {
  id: string;
  filename: string;
  scan: AttachmentScanResult;
}

/**
 * The personal-data scan of a version: its text fields, the addresses of the body's links, the
 * attachments' names, and the findings kept with each attachment's content (scanned on upload).
 */
export function scanContent(
  content: ItemContent,
  attachments: readonly ScannedAttachment[] = [],
): FieldFinding[] {
  return [
    ...scanFields({
      title: content.title,
      documentNumber: content.documentNumber ?? '',
      summary: content.summary,
      keywords: content.keywords.join('，'),
      body: content.bodyText,
      links: bodyLinks(content.bodyHtml).join('\n'),
      attachments: attachments.map((a) => a.filename).join('\n'),
    }),
    ...attachments.flatMap((a) => attachmentFindings(a, a.scan)),
  ];
}

/** Publication must not come before the 成文日期 (目录: 生成日期 ≤ 发布日期). */
export function publicationDateProblem(formedOn: string, publishedOn: string): string | null {
  return publishedOn < formedOn ? `发布日期（${publishedOn}）不能早于成文日期（${formedOn}）` : null;
}
