// Telephone numbers, e-mail addresses and postcodes as Chinese offices write them (pure): one place
// for the rules that the service hall (咨询电话) and an agency's contact details (公开指南) share.

/**
 * The kind of a telephone number, or null when it is none of those an office publishes: a landline
 * with its area code (0391-6612345, (0391)66123456, 010-62345678 转 801), a 12345-style hotline (five
 * digits from 12, optionally after an area code), a mobile (13x–19x, eleven digits, optionally +86).
 */
export function phoneKind(text: string): 'landline' | 'hotline' | 'mobile' | null {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (/^(?:\+86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}$/.test(t)) return 'mobile';
  if (/^(?:(?:0\d{2,3}|\(0\d{2,3}\))[- ]?)?12\d{3}$/.test(t)) return 'hotline';
  const landline = /^(?:0\d{2,3}[- ]?|\(0\d{2,3}\) ?)([2-9]\d{6,7})(?: ?(?:转|-|ext\.?) ?\d{1,6})?$/i.exec(t);
  if (landline) return 'landline';
  return null;
}

/** A field of telephone numbers may list several, separated by 、 ， ; or /. */
export function phoneNumbers(text: string): string[] {
  return text
    .split(/[、，,;；/]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * A plausible e-mail address: an ASCII local part (letters, digits, . _ % + -, no leading, trailing
 * or doubled dot) and a domain of at least two labels ending in letters. Deliverability is not
 * checked; the point is to catch typing slips (a missing @, a Chinese comma, a space).
 */
export function isPlausibleEmail(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.lastIndexOf('@');
  if (at < 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || !/^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return false;
  return /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!);
}

/** A 邮政编码 of the mainland: six digits. */
export function isPostcode(text: string): boolean {
  return /^\d{6}$/.test(text);
}
