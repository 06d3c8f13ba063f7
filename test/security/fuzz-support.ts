// Shared pieces of the fuzz tests (test/security/fuzz-*.test.ts): how long each property runs,
// hostile strings and bytes, mutations of real documents, and the checks that an input was
// answered within a bound and refused only with the project's own error.
//
// In `npm test` every property runs a few dozen cases with a fixed seed (a failure prints the seed
// and path to replay it). `npm run fuzz` runs the same files long: GONGKAI_FUZZ_SECONDS (30 unless
// set) per property, as many cases as fit, with a new seed each time. GONGKAI_FUZZ_SEED replays a run.
import fc from 'fast-check';
import { DomainError } from '../../src/kernel/errors.ts';

const seconds = Number(process.env.GONGKAI_FUZZ_SECONDS ?? '0');
/** True under `npm run fuzz`: properties run by time, not by a small count. */
export const LONG_RUN = Number.isFinite(seconds) && seconds > 0;

const seedText = process.env.GONGKAI_FUZZ_SEED;
/**
 * The seed of every property: fixed in npm test so that a run is reproducible; new for each long
 * run (printed, so that a failure can be replayed with GONGKAI_FUZZ_SEED).
 */
export const FUZZ_SEED =
  seedText !== undefined && /^-?\d+$/.test(seedText)
    ? Number(seedText)
    : LONG_RUN
      ? Date.now() % 2 ** 31
      : 20261127;
if (LONG_RUN) console.log(`fuzz: ${seconds} s per property, GONGKAI_FUZZ_SEED=${FUZZ_SEED}`);

/**
 * Parameters of one fc.assert: `quickRuns` cases in npm test; in the long run, cases until the
 * time budget of the property is spent.
 */
export function fuzzParameters<T>(quickRuns: number): fc.Parameters<T> {
  if (!LONG_RUN)
    return { numRuns: quickRuns, seed: FUZZ_SEED, endOnFailure: true, includeErrorInReport: true };
  return {
    numRuns: 1_000_000_000,
    interruptAfterTimeLimit: seconds * 1000,
    markInterruptAsFailure: false,
    seed: FUZZ_SEED,
    endOnFailure: true,
    includeErrorInReport: true,
    // The default report, plus how many cases the time budget allowed.
    reporter: (details) => {
      if (details.failed) throw new Error(fc.defaultReportMessage(details));
      console.log(`fuzz: ${details.numRuns} cases, ${details.numSkips} skipped`);
    },
  };
}

/** The node:test timeout of a test running properties: ample in npm test, the budget plus slack otherwise. */
export function testTimeout(properties: number, quickMs = 120_000): number {
  return LONG_RUN ? properties * (seconds * 1000 + 60_000) : quickMs;
}

// ---------------------------------------------------------------------------------------------
// Strings

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/** Characters that break naive code: controls, NUL, lone surrogates, BOM, bidi overrides, line separators. */
const awkward = fc.oneof(
  codePoint(0, 0x1f),
  fc.constantFrom(
    '\u0000',
    '\u007f',
    '\u0085',
    '\u00a0',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\u202e',
    '\u200b',
    '\u3000',
  ),
  codePoint(0xd800, 0xdfff), // a lone surrogate: not valid UTF-16 text
  fc.constantFrom('\ufffd', '\uffff', '\u{10ffff}', '\u{1f600}', 'ﬀ', 'Ａ', '１', '２０２６'),
);

/** Pieces that mean something to our parsers: report labels, markup, numbers, dates, separators. */
const meaningful = fc.constantFrom(
  '年度报告',
  '政府信息公开工作年度报告',
  '2023年',
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
  '本年新收政府信息公开申请数量',
  '自然人',
  '总计',
  '（一）',
  '|',
  '| --- |',
  '\t',
  '\r\n',
  '<table>',
  '<tr><td>',
  '</td></tr>',
  '<br>',
  '<!--[if gte mso 9]>',
  '<script>',
  '&amp;',
  '&#x0;',
  '&#1114112;',
  '<meta charset="gb2312">',
  '"',
  "'",
  '\\',
  '%',
  '%00',
  '%E4%B8',
  '*',
  '-',
  '(',
  ')',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  '^',
  ':',
  '{',
  '}',
  '[',
  ']',
  '0',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(25),
  '0.0375',
  '1,234',
  '１２３',
  '二〇二六年三月二日',
  '2026-02-30',
  '周一至周五 9:00-12:00',
  '周六',
  '24:00',
  '19:99',
  '13800138000',
  '0391-1234567',
  '12345',
  '110101199003078515',
  '11010119900307851X',
  '6222021234567890123',
  '91410000MA44XXXX0X',
  'https://',
  'javascript:',
  '.xlsx',
  '../',
);

/** One unit of a hostile string. */
const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
  { weight: 3, arbitrary: codePoint(0x4e00, 0x9fff) },
  { weight: 3, arbitrary: meaningful },
  { weight: 2, arbitrary: awkward },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\n', '，', '。', '、', '：', '；', '．') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99999 }).map(String) },
);

/** Arbitrary text: any Unicode with CJK, controls, NUL, lone surrogates and our parsers' keywords. */
export function hostileString(maxUnits = 60): fc.Arbitrary<string> {
  return fc.array(hostileUnit, { maxLength: maxUnits, size: 'medium' }).map((units) => units.join(''));
}

/** A string far longer than any form field allows. */
export const hugeString = fc
  .tuple(fc.constantFrom('a', '测', '\u0000', '%', '<', '9'), fc.integer({ min: 1000, max: 200_000 }))
  .map(([unit, n]) => unit.repeat(n));

// ---------------------------------------------------------------------------------------------
// Bytes

/** Random bytes, some of them starting with a magic number a sniffer looks for. */
export function hostileBytes(maxLength = 2048): fc.Arbitrary<Uint8Array> {
  const magic = fc.constantFrom(
    [],
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    [0x25, 0x50, 0x44, 0x46, 0x2d],
    [0xff, 0xd8, 0xff],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    [0xef, 0xbb, 0xbf],
    [0xff, 0xfe],
    [0xfe, 0xff],
    [...Buffer.from('{')],
    [...Buffer.from('<html><meta charset="x-unknown">')],
    [...Buffer.from('<?xml version="1.0" encoding="gbk"?>')],
  );
  return fc
    .tuple(magic, fc.uint8Array({ maxLength }))
    .map(([head, tail]) => Uint8Array.from([...head, ...tail]));
}

/** Text encoded in one of the encodings real files come in, or as invalid UTF-8. */
export function encodedText(text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(text, fc.constantFrom('utf8', 'utf16le', 'latin1', 'bom', 'broken')).map(([t, how]) => {
    if (how === 'bom') return Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(t, 'utf8')]);
    if (how === 'broken') {
      const bytes = Buffer.from(t, 'utf8');
      return Uint8Array.from([...bytes.subarray(0, Math.ceil(bytes.length / 2)), 0xc3, 0x28, 0xe4, 0xb8]);
    }
    return new Uint8Array(Buffer.from(t, how));
  });
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 256 }),
    }),
  },
);

function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (bytes.length === 0) return m.kind === 'insert' ? m.bytes : bytes;
  const at = m.at % bytes.length;
  switch (m.kind) {
    case 'flip': {
      const copy = Uint8Array.from(bytes);
      copy[at] = m.value;
      return copy;
    }
    case 'insert':
      return Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    case 'delete':
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)]);
    case 'truncate':
      return bytes.slice(0, at);
    case 'duplicate':
      return Uint8Array.from([...bytes.subarray(0, at + m.length), ...bytes.subarray(at)]);
  }
}

/**
 * A real document with 1–8 bytes flipped, inserted, deleted or duplicated, or cut short — what a
 * broken download or a damaged ZIP looks like. Mutations favour the start and the end, where ZIP
 * headers and the central directory live.
 */
export function mutatedBytes(bases: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...bases),
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      fc.constantFrom('anywhere', 'head', 'tail'),
    )
    .map(([base, mutations, where]) =>
      mutations.reduce((bytes, m) => {
        if (where === 'anywhere' || bytes.length === 0) return applyMutation(bytes, m);
        const window = Math.min(bytes.length, 512);
        const offset = where === 'head' ? m.at % window : bytes.length - 1 - (m.at % window);
        return applyMutation(bytes, { ...m, at: offset });
      }, base),
    );
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Bound for one call on a small input; the machine is shared, so it is generous, but a hang fails. */
export const CALL_BOUND_MS = Number(process.env.GONGKAI_FUZZ_CALL_MS ?? '5000');

/** Describes an input for a failure message without printing megabytes. */
export function describeInput(value: unknown): string {
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value.subarray(0, 64)).toString('hex');
    return `${value.length} bytes: ${hex}${value.length > 64 ? '…' : ''}`;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined
    ? String(value)
    : JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

/**
 * Whether an error is one the project means to throw: DomainError, or (where `plainErrors` is
 * allowed, for readers whose caller wraps them) a plain Error with a Chinese message. A TypeError,
 * RangeError, SyntaxError or anything that is not an Error is a bug.
 */
export function isExpectedError(error: unknown, plainErrors = false): boolean {
  if (error instanceof DomainError) return true;
  return (
    plainErrors &&
    error instanceof Error &&
    error.constructor === Error &&
    /[\u4e00-\u9fff]/.test(error.message)
  );
}

function unexpected(error: unknown, input: unknown, name: string): Error {
  const what =
    error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack}` : String(error);
  return new Error(`${name} threw an unexpected error for ${describeInput(input)}\n${what}`);
}

/** Calls a synchronous function: it returns, or throws an expected error, within the bound. */
export function checkSync<T>(
  name: string,
  input: unknown,
  call: () => T,
  options: { plainErrors?: boolean; boundMs?: number } = {},
): T | undefined {
  const start = performance.now();
  let result: T | undefined;
  try {
    result = call();
  } catch (error) {
    if (!isExpectedError(error, options.plainErrors)) throw unexpected(error, input, name);
  }
  const elapsed = performance.now() - start;
  const bound = options.boundMs ?? CALL_BOUND_MS;
  if (elapsed > bound)
    throw new Error(`${name} took ${Math.round(elapsed)} ms (> ${bound}) for ${describeInput(input)}`);
  return result;
}

/**
 * Awaits an asynchronous call: it settles within the bound (a timer races it: a hang fails the
 * property instead of the whole run), and rejects only with an expected error.
 */
export async function checkAsync<T>(
  name: string,
  input: unknown,
  call: () => Promise<T>,
  options: { plainErrors?: boolean; boundMs?: number } = {},
): Promise<T | undefined> {
  const bound = options.boundMs ?? CALL_BOUND_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), bound);
  });
  const start = performance.now();
  let outcome: { value: T } | 'timeout';
  try {
    outcome = await Promise.race([call().then((value) => ({ value })), timeout]);
  } catch (error) {
    if (!isExpectedError(error, options.plainErrors)) throw unexpected(error, input, name);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  if (outcome === 'timeout')
    throw new Error(`${name} did not settle within ${bound} ms for ${describeInput(input)}`);
  // A synchronous stretch longer than the bound never lets the timer fire first.
  const elapsed = performance.now() - start;
  if (elapsed > bound)
    throw new Error(`${name} took ${Math.round(elapsed)} ms (> ${bound}) for ${describeInput(input)}`);
  return outcome.value;
}
