// Fuzzing the readers of outside input (issue 8): published annual reports in every format, the
// text decoder and format sniffer, the XLSX imports (normative register, service catalogue), the
// checks of uploaded files and attachment text, and the validators of 身份证号, telephone numbers,
// 办公时间 and the other fields people type. Input is arbitrary: random Unicode (CJK, controls, NUL,
// lone surrogates), random bytes with and without magic numbers, and real documents with bytes
// flipped, inserted, deleted or cut. Property everywhere: the call returns, or throws the project's
// DomainError (a reader its caller wraps may throw a plain Error with a Chinese message), never a
// TypeError/RangeError or an unhandled rejection, and within CALL_BOUND_MS.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import {
  applicantProblems,
  normalizeApplicant,
  normalizeRequest,
  requestProblems,
} from '../../src/applications/applicant.ts';
import { acceptedUpload, checkUpload, safeFilename, sniffMediaType } from '../../src/applications/uploads.ts';
import { renderReport } from '../../src/cli/report-render.ts';
import { attachmentsText, extractAttachmentText } from '../../src/disclosures/attachment-text.ts';
import {
  attachmentProblems,
  safeAttachmentName,
  sniffAttachment,
} from '../../src/disclosures/attachments.ts';
import { parseIndexNumber } from '../../src/disclosures/catalogue.ts';
import {
  isBankCardNumber,
  isIdNumber,
  isMobileNumber,
  luhnValid,
  redactPersonalData,
  scanPersonalData,
} from '../../src/disclosures/personal-data.ts';
import { textPdf } from '../../src/disclosures/testing.ts';
import { isPlausibleEmail, isPostcode, phoneKind, phoneNumbers } from '../../src/kernel/contact-formats.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import { hasValidResidentIdChecksum } from '../../src/kernel/resident-id.ts';
import { loadWorkbook, zipSizeCheck } from '../../src/kernel/xlsx-import.ts';
import { parseCount, parseWanYuan, parseYearCountsForm } from '../../src/normative/normative-rules.ts';
import {
  buildTemplate,
  COUNT_COLUMNS,
  COUNTS_SHEET,
  REGISTER_COLUMNS,
  REGISTER_SHEET,
  readImportWorkbook,
} from '../../src/normative/normative-xlsx.ts';
import { parseChineseNumber } from '../../src/reports/parse/chinese-number.ts';
import { declaredCharset, decodeText } from '../../src/reports/parse/decode-text.ts';
import { bodyAndYear, extractReport } from '../../src/reports/parse/extract-report.ts';
import { fromDocx } from '../../src/reports/parse/from-docx.ts';
import { fromHtml } from '../../src/reports/parse/from-html.ts';
import { fromJson } from '../../src/reports/parse/from-json.ts';
import { fromText } from '../../src/reports/parse/from-text.ts';
import { fromXlsx } from '../../src/reports/parse/from-xlsx.ts';
import { findDates, labelKey, parseNumberCell, parseYear } from '../../src/reports/parse/normalize.ts';
import { type ParsedReport, parseReport, sniffFormat } from '../../src/reports/parse/parse-report.ts';
import type { AnnualReport } from '../../src/reports/report.ts';
import { checkReport } from '../../src/reports/rules/check-report.ts';
import { complaintProblems, normalizeComplaint } from '../../src/services/complaint.ts';
import { openNow } from '../../src/services/public-services.ts';
import {
  normalizeRatingCode,
  normalizeReason,
  ratingCodeProblem,
  ratingProblems,
} from '../../src/services/satisfaction.ts';
import {
  formatOpeningHours,
  parseOpeningHours,
  phoneProblem,
  urlProblem,
} from '../../src/services/service-item-rules.ts';
import {
  buildServiceItemTemplate,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  readServiceItemsWorkbook,
  WINDOW_COLUMNS,
  WINDOWS_SHEET,
} from '../../src/services/service-item-xlsx.ts';
import {
  checkAsync,
  checkSync,
  encodedText,
  fuzzParameters,
  hostileBytes,
  hostileString,
  mutatedBytes,
  testTimeout,
} from './fuzz-support.ts';

const here = (path: string) => new URL(path, import.meta.url);

/** Real report files of every format: the examples, the saved portal pages, and one report rendered. */
const documents: Record<'text' | 'html' | 'docx' | 'xlsx' | 'json', Uint8Array[]> = {
  text: [],
  html: [],
  docx: [],
  xlsx: [],
  json: [],
};
let sample: AnnualReport;

before(async () => {
  for (const name of readdirSync(here('../../examples/'))) {
    if (/\.(txt|md)$/.test(name)) documents.text.push(readFileSync(here(`../../examples/${name}`)));
  }
  for (const name of readdirSync(here('../fixtures/sources/'))) {
    documents.html.push(readFileSync(here(`../fixtures/sources/${name}`)));
  }
  sample = (await parseReport(readFileSync(here('../../examples/qingshi-town-2023.txt')), 'r.txt')).report;
  for (const format of ['html', 'docx', 'xlsx', 'json'] as const) {
    documents[format].push(await renderReport(sample, format));
  }
});

/** What `gongkai report check` does with a file: read it, then run every rule on what was read. */
async function parseAndCheck(bytes: Uint8Array, name = ''): Promise<void> {
  const parsed: ParsedReport | undefined = await checkAsync('parseReport', bytes, () =>
    parseReport(bytes, name),
  );
  if (parsed) checkSync('checkReport', bytes, () => checkReport(parsed.report), { plainErrors: false });
}

describe('fuzz: annual report readers', { timeout: testTimeout(12) }, () => {
  it('parseReport on random bytes refuses with a DomainError or reads a report', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileBytes(),
        fc.constantFrom('', 'r.docx', 'r.xlsx', 'r.html', 'r.txt'),
        (bytes, name) => parseAndCheck(bytes, name),
      ),
      fuzzParameters(150),
    );
  });

  it('parseReport on text in any encoding, with our labels, markup and hostile characters', async () => {
    await fc.assert(
      fc.asyncProperty(encodedText(hostileString(120)), (bytes) => parseAndCheck(bytes)),
      fuzzParameters(150),
    );
  });

  it('parseReport on damaged real documents (text, HTML, DOCX, XLSX, JSON)', async () => {
    const all = Object.values(documents).flat();
    await fc.assert(
      fc.asyncProperty(mutatedBytes(all), fc.constantFrom('', 'r.docx', 'r.xlsx', 'r.html'), (bytes, name) =>
        parseAndCheck(bytes, name),
      ),
      fuzzParameters(40),
    );
  });

  it('the Office readers on damaged DOCX and XLSX throw only their Chinese reasons', async () => {
    // parseReport wraps reader errors; called directly, a TypeError from a reader would show here.
    await fc.assert(
      fc.asyncProperty(mutatedBytes(documents.docx), async (bytes) => {
        await checkAsync('fromDocx', bytes, () => fromDocx(bytes), { plainErrors: true });
      }),
      fuzzParameters(25),
    );
    await fc.assert(
      fc.asyncProperty(mutatedBytes(documents.xlsx), async (bytes) => {
        await checkAsync('fromXlsx', bytes, () => fromXlsx(bytes), { plainErrors: true });
      }),
      fuzzParameters(25),
    );
  });

  it('the text and HTML readers and the extractor never throw', () => {
    fc.assert(
      fc.property(hostileString(200), (text) => {
        for (const [name, read] of [
          ['fromText', fromText],
          ['fromHtml', fromHtml],
        ] as const) {
          const doc = checkSync(name, text, () => read(text), { plainErrors: false });
          assert.ok(doc);
          checkSync('extractReport', text, () => extractReport(doc), { plainErrors: false });
        }
      }),
      fuzzParameters(150),
    );
  });

  it('the extractor on real reports with lines shuffled, cut and repeated', () => {
    const lines = documents.text.map((bytes) => decodeText(bytes).split('\n'));
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.array(fc.nat(), { minLength: 1, maxLength: 400 }),
        hostileString(10),
        (source, picks, noise) => {
          const text = picks.map((p, i) => (i % 7 === 3 ? noise : source[p % source.length])).join('\n');
          checkSync('fromText+extractReport', text, () => extractReport(fromText(text)));
          checkSync('fromHtml+extractReport', text, () =>
            extractReport(fromHtml(`<table><tr><td>${text.replaceAll('\n', '</td><td>')}</td></tr></table>`)),
          );
        },
      ),
      fuzzParameters(60),
    );
  });

  it('fromJson on damaged report JSON refuses with a DomainError', () => {
    const base = JSON.parse(decodeText(documents.json[0]!)) as Record<string, unknown>;
    const paths = jsonPaths(base);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (edits) => {
          const copy = structuredClone(base);
          for (const [path, value] of edits) setAt(copy, path, value);
          const text = JSON.stringify(copy);
          const read = checkSync('fromJson', text, () => fromJson(text));
          if (read) checkSync('checkReport', text, () => checkReport(read.report));
        },
      ),
      fuzzParameters(200),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          hostileString(40).map((s) => `{${s}`),
        ),
        (text) => {
          checkSync('fromJson', text, () => fromJson(text));
        },
      ),
      fuzzParameters(100),
    );
  });

  it('fromJson refuses tables of the wrong shape with a DomainError (found by this fuzzing: a TypeError before)', () => {
    const base = JSON.parse(decodeText(documents.json[0]!)) as Record<string, unknown>;
    for (const change of [
      { table2: [] },
      { table3: {} },
      { table3: { rows: 5 } },
      { table4: 'x' },
      { table2: { regulations: null } },
    ]) {
      const text = JSON.stringify({ ...base, ...change });
      assert.throws(() => fromJson(text), DomainError, text);
    }
  });

  it('the decoder, the sniffer and the small parsers of cells, years, dates and numbers', () => {
    fc.assert(
      fc.property(fc.oneof(hostileBytes(512), encodedText(hostileString(40))), (bytes) => {
        checkSync('decodeText', bytes, () => decodeText(bytes));
        checkSync('declaredCharset', bytes, () => declaredCharset(bytes));
        checkSync('sniffFormat', bytes, () => sniffFormat(bytes, 'x.mht'));
      }),
      fuzzParameters(200),
    );
    fc.assert(
      fc.property(hostileString(40), (text) => {
        const number = checkSync('parseNumberCell', text, () => parseNumberCell(text));
        if (number?.kind === 'number') assert.ok(Number.isFinite(number.value), `${text} → ${number.value}`);
        checkSync('parseChineseNumber', text, () => parseChineseNumber(text));
        checkSync('parseYear', text, () => parseYear(text));
        checkSync('findDates', text, () => findDates(text));
        checkSync('labelKey', text, () => labelKey(text));
        checkSync('bodyAndYear', text, () => bodyAndYear(text));
      }),
      fuzzParameters(300),
    );
  });
});

/** Every path into a JSON value (objects and arrays), for mutating a real document. */
function jsonPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths.push(...jsonPaths(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths.push(...jsonPaths(v, [...prefix, k]));
  }
  return paths;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  if (path.length === 0) return;
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (node !== null && typeof node === 'object')
    (node as Record<string | number, unknown>)[path.at(-1)!] = value;
}

/** A cell value as a clerk (or an attacker) might leave it in a template. */
const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 5, arbitrary: hostileString(20) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -1, max: 3_000_000 }) },
  {
    weight: 2,
    arbitrary: fc.date({ min: new Date('1800-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: hostileString(8).map((text) => ({ richText: [{ text }, { text: '文' }] })) },
  { weight: 1, arbitrary: hostileString(8).map((text) => ({ text, hyperlink: 'https://example.org/' })) },
  { weight: 1, arbitrary: fc.constantFrom({ error: '#N/A' as const }, { error: '#DIV/0!' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(hostileString(8), fc.integer(), fc.constant(undefined))
      .map((result) => ({ formula: 'A1+1', result }) as ExcelJS.CellValue),
  },
);

/** A workbook with the template's sheets and headers and rows of arbitrary cells under them. */
async function filledWorkbook(
  sheets: readonly { name: string; headers: readonly string[] }[],
  rows: ExcelJS.CellValue[][],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, headers } of sheets) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([...headers]);
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        sheet.getCell(r + 2, c + 1).value = value;
      });
    });
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const NORMATIVE_SHEETS = [
  { name: REGISTER_SHEET, headers: REGISTER_COLUMNS.map((c) => c.header) },
  { name: COUNTS_SHEET, headers: COUNT_COLUMNS.map((c) => c.header) },
];
const SERVICE_SHEETS = [
  { name: ITEMS_SHEET, headers: ITEM_COLUMNS.map((c) => c.header) },
  { name: WINDOWS_SHEET, headers: WINDOW_COLUMNS.map((c) => c.header) },
];

describe('fuzz: the XLSX imports', { timeout: testTimeout(4) }, () => {
  let normativeTemplate: Uint8Array;
  let serviceTemplate: Uint8Array;
  before(async () => {
    normativeTemplate = await buildTemplate();
    serviceTemplate = await buildServiceItemTemplate();
  });

  const rows = fc.array(fc.array(cellValue, { minLength: 1, maxLength: 14 }), { minLength: 1, maxLength: 6 });

  it('the normative register import: rows of arbitrary cells are read or refused with a DomainError', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.subarray(NORMATIVE_SHEETS, { minLength: 1 }), async (cells, sheets) => {
        const bytes = await filledWorkbook(sheets, cells);
        const parsed = await checkAsync('readImportWorkbook', cells, () =>
          readImportWorkbook(bytes, '2026-03-02'),
        );
        if (parsed)
          for (const row of [...parsed.documents, ...parsed.counts]) assert.ok(Array.isArray(row.problems));
      }),
      fuzzParameters(12),
    );
  });

  it('the service catalogue import: rows of arbitrary cells give rows or one file problem, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.subarray(SERVICE_SHEETS, { minLength: 1 }), async (cells, sheets) => {
        const bytes = await filledWorkbook(sheets, cells);
        const parsed = await checkAsync(
          'readServiceItemsWorkbook',
          cells,
          () => readServiceItemsWorkbook(bytes),
          {
            plainErrors: false,
          },
        );
        assert.ok(parsed, 'readServiceItemsWorkbook returns a result');
      }),
      fuzzParameters(12),
    );
  });

  it('both imports on damaged templates and random bytes', async () => {
    const bases = [normativeTemplate, serviceTemplate, ...documents.xlsx, ...documents.docx];
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedBytes(bases), hostileBytes(1024)), async (bytes) => {
        checkSync('zipSizeCheck', bytes, () => zipSizeCheck(bytes));
        await checkAsync('loadWorkbook', bytes, () => loadWorkbook(bytes));
        await checkAsync('readImportWorkbook', bytes, () => readImportWorkbook(bytes, '2026-03-02'));
        const parsed = await checkAsync('readServiceItemsWorkbook', bytes, () =>
          readServiceItemsWorkbook(bytes),
        );
        assert.ok(parsed, 'readServiceItemsWorkbook returns a result');
      }),
      fuzzParameters(60),
    );
  });
});

describe('fuzz: uploads and attachment text', { timeout: testTimeout(4) }, () => {
  const name = fc.oneof(
    hostileString(20),
    fc.constantFrom(
      '身份证.pdf',
      '../../etc/passwd',
      'a\u0000.pdf',
      '.',
      '..',
      'x.PDF ',
      'CON',
      'a'.repeat(300),
    ),
  );

  it('the checks of an applicant’s upload and an item’s attachment', () => {
    fc.assert(
      fc.property(fc.oneof(hostileBytes(256), mutatedBytes([textPdf('x')])), name, (content, filename) => {
        const file = { filename, mediaType: 'application/octet-stream', content };
        checkSync('sniffMediaType', content, () => sniffMediaType(content));
        checkSync('checkUpload', content, () => checkUpload(file));
        const accepted = checkSync('acceptedUpload', filename, () => acceptedUpload(file));
        const safe = checkSync('safeFilename', filename, () => safeFilename(filename));
        for (const shown of [safe, accepted?.filename]) {
          assert.ok(
            shown !== undefined && shown !== '' && !/[\\/\u0000-\u001f]/.test(shown),
            JSON.stringify(shown),
          );
        }
        const kind = checkSync('sniffAttachment', content, () => sniffAttachment(content, filename));
        checkSync('attachmentProblems', content, () => attachmentProblems({ filename, content }));
        if (kind) {
          const safeName = checkSync('safeAttachmentName', filename, () =>
            safeAttachmentName(filename, kind),
          );
          assert.ok(safeName && !/[\\/\u0000-\u001f]/.test(safeName), JSON.stringify(safeName));
        }
      }),
      fuzzParameters(300),
    );
  });

  const MEDIA = [
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/plain',
  ];

  it('attachment text of damaged PDF, DOCX, XLSX and text files: settles in time; the item’s text never throws', async () => {
    const bases = [textPdf(['Goodword', '第二行']), ...documents.docx, ...documents.xlsx, ...documents.text];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutatedBytes(bases), hostileBytes(512)),
        fc.constantFrom(...MEDIA),
        async (content, mediaType) => {
          // A broken file may make extractAttachmentText reject with the library's error (its caller
          // catches it): only the time bound applies here.
          await checkAsync(
            'extractAttachmentText',
            content,
            () => extractAttachmentText({ mediaType, content }).catch(() => null),
            { boundMs: 20_000 },
          );
          const text = await checkAsync(
            'attachmentsText',
            content,
            () => attachmentsText([{ id: 'a', filename: 'x', mediaType, content }], { budgetMs: 5_000 }),
            { boundMs: 20_000 },
          );
          assert.equal(typeof text, 'string');
        },
      ),
      fuzzParameters(30),
    );
  });
});

describe('fuzz: validators of what people type', { timeout: testTimeout(6) }, () => {
  it('身份证号, mobiles, bank cards: the finders never throw and redaction leaves nothing to find', () => {
    fc.assert(
      fc.property(hostileString(60), (text) => {
        checkSync('hasValidResidentIdChecksum', text, () => hasValidResidentIdChecksum(text));
        checkSync('isIdNumber', text, () => isIdNumber(text));
        checkSync('luhnValid', text, () => luhnValid(text));
        checkSync('isMobileNumber', text, () => isMobileNumber(text));
        checkSync('isBankCardNumber', text, () => isBankCardNumber(text));
        const findings = checkSync('scanPersonalData', text, () => scanPersonalData(text)) ?? [];
        const redacted = checkSync('redactPersonalData', text, () => redactPersonalData(text, findings));
        assert.equal(redacted?.length, text.length);
        assert.deepEqual(
          scanPersonalData(redacted ?? '').filter((f) => f.kind !== 'unchecked'),
          [],
          JSON.stringify(text),
        );
      }),
      fuzzParameters(300),
    );
  });

  it('telephone numbers, e-mail, 邮政编码, links, 索引号 and the counts of the normative figures', () => {
    fc.assert(
      fc.property(hostileString(30), (text) => {
        checkSync('phoneKind', text, () => phoneKind(text));
        checkSync('phoneNumbers', text, () => phoneNumbers(text));
        checkSync('isPlausibleEmail', text, () => isPlausibleEmail(text));
        checkSync('isPostcode', text, () => isPostcode(text));
        checkSync('phoneProblem', text, () => phoneProblem(text));
        checkSync('urlProblem', text, () => urlProblem(text));
        checkSync('parseIndexNumber', text, () => parseIndexNumber(text));
        const count = checkSync('parseCount', text, () => parseCount(text));
        if (count !== null && count !== undefined) assert.ok(Number.isSafeInteger(count) && count >= 0, text);
        const fee = checkSync('parseWanYuan', text, () => parseWanYuan(text));
        if (fee !== null && fee !== undefined) assert.ok(Number.isFinite(fee) && fee >= 0, text);
        checkSync('parseYearCountsForm', text, () =>
          parseYearCountsForm(2025, { licensing: text, penalty: text, enforcement: text, fees: text }),
        );
      }),
      fuzzParameters(300),
    );
  });

  it('办公时间: parsed or a Chinese problem; what is parsed is written back and read again the same', () => {
    const hoursLike = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '周一',
            '至',
            '周五',
            '周六',
            '周日',
            '、',
            ' ',
            '，',
            '；',
            '\n',
            '-',
            '~',
            '到',
            ':',
            '：',
          ),
          fc.integer({ min: 0, max: 30 }).map(String),
          fc.integer({ min: 0, max: 70 }).map((m) => String(m).padStart(2, '0')),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(hoursLike, hostileString(30)), fc.date({ noInvalidDate: true }), (text, now) => {
        const parsed = checkSync('parseOpeningHours', text, () => parseOpeningHours(text));
        assert.ok(parsed);
        if ('value' in parsed) {
          const again = parseOpeningHours(formatOpeningHours(parsed.value));
          assert.deepEqual(again, parsed, text);
        }
        checkSync('openNow', text, () => openNow(text, now));
      }),
      fuzzParameters(400),
    );
  });

  it('the fields of 办事评价 and 效能投诉, whatever their type', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString(40), fc.anything()),
        fc.oneof(hostileString(600), fc.anything()),
        (a, b) => {
          checkSync('normalizeRatingCode', a, () => normalizeRatingCode(a));
          checkSync('ratingCodeProblem', a, () => ratingCodeProblem(a));
          checkSync('normalizeReason', b, () => normalizeReason(b));
          checkSync('ratingProblems', [a, b], () => ratingProblems({ level: a, reason: b }));
          const input = { content: b, complainantName: a, complainantPhone: a };
          const problems = checkSync('complaintProblems', input, () => complaintProblems(input));
          if (problems?.length === 0) {
            checkSync('normalizeComplaint', input, () =>
              normalizeComplaint(
                input as { content: string; complainantName: string; complainantPhone: string },
              ),
            );
          }
        },
      ),
      fuzzParameters(300),
    );
  });

  it('the applicant and request of 依申请公开', () => {
    const field = hostileString(30);
    fc.assert(
      fc.property(
        fc.record({
          applicantType: fc.constantFrom('naturalPerson', 'commercial', 'other', 'x'),
          name: field,
          organisationCode: fc.option(field),
          idKind: fc.constantFrom('id_card', 'passport', 'other_person', 'credit_code', ''),
          idNumber: field,
          phone: field,
          email: fc.option(field),
          address: fc.option(field),
        }),
        fc.record({
          description: hostileString(200),
          documentNumber: fc.option(field),
          deliveryForm: fc.constantFrom('paper', 'electronic', 'disc', 'inspection', '?'),
          deliveryChannel: fc.constantFrom('post', 'email', 'pickup', 'online', '?'),
        }),
        (a, r) => {
          // Values outside the enumerations on purpose: the form hands over whatever was posted.
          const applicant = a as unknown as Parameters<typeof normalizeApplicant>[0];
          const request = r as unknown as Parameters<typeof normalizeRequest>[0];
          const normal = checkSync('normalizeApplicant', a, () => normalizeApplicant(applicant));
          assert.ok(normal);
          checkSync('applicantProblems', a, () => applicantProblems(normal));
          const normalRequest = checkSync('normalizeRequest', r, () => normalizeRequest(request));
          assert.ok(normalRequest);
          checkSync('requestProblems', r, () => requestProblems(normalRequest, normal));
        },
      ),
      fuzzParameters(300),
    );
  });
});
