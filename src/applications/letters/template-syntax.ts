// The syntax of an editable letter template: plain text, one paragraph per non-blank line, with
// `{{name}}` fields. Parsing never throws: problems are collected in Chinese, so the back office can
// refuse a broken template when it is saved, and composing can trust a template that passed.

export type Segment = { text: string } | { field: string };

export interface TemplateLine {
  /** 1-based line number in the template as typed, for messages. */
  number: number;
  segments: Segment[];
}

export interface ParsedTemplate {
  lines: TemplateLine[];
  problems: string[];
}

/** Generous for any letter, small enough that a pasted document is refused. */
export const MAX_TEMPLATE_LENGTH = 20_000;

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
// Leading and trailing blanks, including the ideographic space clerks indent paragraphs with.
const EDGE_BLANKS = /^[\s\u3000]+|[\s\u3000]+$/g;

export function parseTemplate(text: string): ParsedTemplate {
  const problems: string[] = [];
  const lines: TemplateLine[] = [];
  if (text.length > MAX_TEMPLATE_LENGTH) problems.push(`模板过长：不得超过${MAX_TEMPLATE_LENGTH}个字符。`);
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(EDGE_BLANKS, '');
      if (line === '') return;
      const number = index + 1;
      const segments = parseLine(line, number, problems);
      if (segments) lines.push({ number, segments });
    });
  if (lines.length === 0) problems.push('模板不能为空。');
  return { lines, problems };
}

function parseLine(line: string, number: number, problems: string[]): Segment[] | null {
  const segments: Segment[] = [];
  let rest = line;
  let ok = true;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    const close = rest.indexOf('}}');
    if (open === -1 || (close !== -1 && close < open)) {
      // No field opens before the next `}}`: a stray closing brace pair.
      if (close !== -1) {
        problems.push(`第${number}行：“}}”前缺少对应的“{{”。`);
        return null;
      }
      segments.push({ text: rest });
      break;
    }
    if (open > 0) segments.push({ text: rest.slice(0, open) });
    const end = rest.indexOf('}}', open + 2);
    const nested = rest.indexOf('{{', open + 2);
    if (end === -1 || (nested !== -1 && nested < end)) {
      problems.push(`第${number}行：“{{”后缺少对应的“}}”。`);
      return null;
    }
    const name = rest.slice(open + 2, end).trim();
    if (!FIELD_NAME.test(name)) {
      problems.push(`第${number}行：“{{${name}}}”不是有效的占位符名称（只能使用英文字母和数字）。`);
      ok = false;
    } else segments.push({ field: name });
    rest = rest.slice(end + 2);
  }
  // Single braces are ordinary text, but one left beside a field is almost always a typo.
  if (segments.some((s) => 'text' in s && /[{}]/.test(s.text))) {
    problems.push(`第${number}行：有多余的花括号，占位符应写作“{{名称}}”。`);
    ok = false;
  }
  return ok ? segments : null;
}

/** The fields of a parsed template, in order of first use. */
export function fieldsOf(parsed: ParsedTemplate): string[] {
  const seen = new Set<string>();
  for (const line of parsed.lines) for (const s of line.segments) if ('field' in s) seen.add(s.field);
  return [...seen];
}
