// Decodes a text or HTML file whose encoding is not known in advance. Chinese government sites and
// Word's "Save as Web Page" still produce GB2312/GBK files, and scrapers often re-save such pages as
// UTF-8 without updating their <meta charset>, so the order of the checks matters.

/** Encodings that are subsets of GB18030; decoding them as GB18030 loses nothing. */
const GB_FAMILY = new Set([
  'gb2312',
  'gbk',
  'x-gbk',
  'cp936',
  'ms936',
  'windows-936',
  'gb_2312-80',
  'euc-cn',
]);

const SNIFF_BYTES = 2048;

/** Decode bytes to a string: BOM, then valid UTF-8, then a declared charset, then GB18030. */
export function decodeText(bytes: Uint8Array): string {
  const bom = decodeWithBom(bytes);
  if (bom !== undefined) return bom;
  const utf8 = decodeStrictUtf8(bytes);
  // Valid UTF-8 wins over a declared legacy charset: GBK text is practically never valid UTF-8,
  // while UTF-8 files that still carry their original <meta charset=gb2312> are common.
  if (utf8 !== undefined) return utf8;
  const declared = declaredCharset(bytes);
  if (declared !== undefined && declared !== 'utf-8') {
    const decoded = decodeLenient(bytes, declared);
    if (decoded !== undefined) return decoded;
  }
  return new TextDecoder('gb18030').decode(bytes);
}

function decodeWithBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return undefined;
}

function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeLenient(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // Unknown label: TextDecoder throws a RangeError.
    return undefined;
  }
}

/**
 * The charset an HTML/XML file declares near its start (`<meta charset>`, `<meta http-equiv
 * content="…charset=…">`, `<?xml encoding=…?>`), as a WHATWG label; GB2312 and GBK map to GB18030.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps every byte to one char, so ASCII markup is readable whatever the real encoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, SNIFF_BYTES));
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  const xml = /^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i.exec(head);
  const label = (meta?.[1] ?? xml?.[1])?.toLowerCase();
  if (label === undefined) return undefined;
  if (GB_FAMILY.has(label)) return 'gb18030';
  if (label === 'utf8' || label === 'unicode-1-1-utf-8') return 'utf-8';
  return label;
}
