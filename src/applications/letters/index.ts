// The public surface of the letters of 依申请公开: templates, composition and the two renderings.
export {
  type ComposedLetter,
  type ConsultationLetterData,
  chineseDate,
  composeLetter,
  type ExtensionNoticeData,
  type FeeNoticeData,
  type LetterBase,
  type LetterBlock,
  type LetterData,
  letterText,
  maskPersonalNumbers,
  type ReplyData,
  type SupplementNoticeData,
} from './letter.ts';
export {
  DEFAULT_TEMPLATES,
  isLetterKind,
  LETTER_KIND_LABELS,
  LETTER_KINDS,
  type LetterKind,
  PLACEHOLDERS_BY_KIND,
  type PlaceholderSpec,
  templateProblems,
} from './letter-templates.ts';
export { renderLetterDocx } from './render-letter-docx.ts';
export { type LetterHtmlOptions, renderLetterHtml } from './render-letter-html.tsx';
export {
  CONSULTATION_REPLY_WORKING_DAYS,
  REMEDY_SENTENCES,
  remedySentence,
} from './statutory-text.ts';
export { MAX_TEMPLATE_LENGTH } from './template-syntax.ts';
