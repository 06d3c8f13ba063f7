import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { safeAttachmentName, sniffAttachment } from './attachments.ts';
import {
  agencyIndexCode,
  BASIC_AREAS,
  DEFAULT_CATEGORIES,
  indexNumber,
  mergeCatalogue,
  nextOwnCategoryCode,
  parseIndexNumber,
} from './catalogue.ts';
import { CHECKLIST_IDS, type ItemEvent, type RecordedFinding } from './item.ts';
import { normalizeContent } from './item-rules.ts';
import { plainText, sanitizeBody } from './rich-text.ts';
import { timeliness } from './timeliness.ts';
import { applyItemEvent, foldItemEvents, initialItemState, publicationStatus } from './workflow.ts';

const T = '2026-03-02T01:00:00.000Z';
const ev = (e: Record<string, unknown>) => ({ at: T, by: 'editor', ...e }) as ItemEvent;
const FINDING: RecordedFinding = {
  key: 'body:mobile:3',
  field: 'body',
  kind: 'mobile',
  preview: '138****5678',
};

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
  assert.fail('expected a DomainError');
}

const toReviewed = [
  ev({ type: 'created' }),
  ev({ type: 'submitted' }),
  ev({ type: 'review_signed', by: 'reviewer', checklist: CHECKLIST_IDS, findings: [], justifications: [] }),
];

describe('item workflow (pure)', () => {
  it('goes draft → in_review → reviewed → approved → published → withdrawn', () => {
    let s = foldItemEvents(toReviewed);
    assert.equal(s.phase, 'reviewed');
    s = applyItemEvent(s, ev({ type: 'approved', by: 'approver' }));
    s = applyItemEvent(s, ev({ type: 'published', by: 'approver', publishAt: T }));
    assert.equal(s.phase, 'published');
    assert.equal(s.publishedVersion, 1);
    assert.equal(s.firstPublishAt, T);
    s = applyItemEvent(s, ev({ type: 'withdrawn', by: 'approver', reason: '内容有误' }));
    assert.equal(s.phase, 'withdrawn');
    assert.equal(
      code(() => applyItemEvent(s, ev({ type: 'revised' }))),
      'conflict.state',
    );
  });

  it('refuses steps out of order and edits outside the draft', () => {
    const created = foldItemEvents([ev({ type: 'created' })]);
    assert.equal(
      code(() => applyItemEvent(created, ev({ type: 'approved', by: 'approver' }))),
      'conflict.state',
    );
    assert.equal(
      code(() => applyItemEvent(created, ev({ type: 'withdrawn', reason: 'x' }))),
      'conflict.state',
    );
    const inReview = applyItemEvent(created, ev({ type: 'submitted' }));
    assert.equal(
      code(() => applyItemEvent(inReview, ev({ type: 'edited' }))),
      'conflict.state',
    );
    assert.equal(
      code(() => applyItemEvent(inReview, ev({ type: 'returned', by: 'reviewer', reason: ' ' }))),
      'input.invalid',
    );
    assert.equal(
      applyItemEvent(inReview, ev({ type: 'returned', by: 'reviewer', reason: '请补充' })).phase,
      'draft',
    );
  });

  it('signs a review only with every checklist item and every finding justified', () => {
    const inReview = foldItemEvents(toReviewed.slice(0, 2));
    const sign = (checklist: readonly string[], justifications: { key: string; reason: string }[]) =>
      applyItemEvent(
        inReview,
        ev({ type: 'review_signed', by: 'reviewer', checklist, findings: [FINDING], justifications }),
      );
    assert.equal(
      code(() => sign(CHECKLIST_IDS.slice(1), [{ key: FINDING.key, reason: '单位办公电话' }])),
      'conflict.state',
    );
    assert.equal(
      code(() => sign(CHECKLIST_IDS, [])),
      'conflict.state',
    );
    assert.equal(
      code(() => sign(CHECKLIST_IDS, [{ key: FINDING.key, reason: '  ' }])),
      'conflict.state',
    );
    assert.equal(sign(CHECKLIST_IDS, [{ key: FINDING.key, reason: '单位公开的办公电话' }]).phase, 'reviewed');
  });

  it('keeps authors from approving their own version (separation of duties)', () => {
    const s = foldItemEvents([
      ...toReviewed.slice(0, 1),
      ev({ type: 'edited', by: 'chief' }),
      ...toReviewed.slice(1),
    ]);
    assert.equal(
      code(() => applyItemEvent(s, ev({ type: 'approved', by: 'editor' }))),
      'access.separation_of_duties',
    );
    assert.equal(
      code(() => applyItemEvent(s, ev({ type: 'approved', by: 'chief' }))),
      'access.separation_of_duties',
    );
    assert.equal(applyItemEvent(s, ev({ type: 'approved', by: 'approver' })).phase, 'approved');
  });

  it('schedules a publication and revises into a new version while the old one stays published', () => {
    let s = foldItemEvents([...toReviewed, ev({ type: 'approved', by: 'approver' })]);
    assert.equal(
      code(() => applyItemEvent(s, ev({ type: 'published', publishAt: '2026-03-01T00:00:00.000Z' }))),
      'input.invalid',
    );
    s = applyItemEvent(s, ev({ type: 'published', by: 'approver', publishAt: '2026-03-05T01:00:00.000Z' }));
    assert.equal(publicationStatus(s, T), 'scheduled');
    assert.equal(publicationStatus(s, '2026-03-05T01:00:00.000Z'), 'published');
    s = applyItemEvent(s, ev({ type: 'revised', by: 'editor2' }));
    assert.deepEqual([s.phase, s.version, s.publishedVersion, s.authors], ['draft', 2, 1, ['editor2']]);
    assert.equal(initialItemState().phase, 'none');
  });
});

describe('catalogue', () => {
  it('has the 15 items of 第二十条, the 26 areas, and 第二十一条 by agency kind', () => {
    assert.equal(DEFAULT_CATEGORIES.filter((c) => c.group === 'statutory').length, 15);
    assert.equal(BASIC_AREAS.length, 26);
    const town = mergeCatalogue('town', []);
    assert.ok(town.some((c) => c.code === 'FZ04' && c.name === '宅基地使用情况审核'));
    assert.ok(!town.some((c) => c.code.startsWith('FX')));
    const region = mergeCatalogue('region', []);
    assert.ok(region.some((c) => c.code === 'FX01') && !region.some((c) => c.code.startsWith('FZ')));
    assert.equal(DEFAULT_CATEGORIES.find((c) => c.code === 'FD07')?.basis, '条例第二十条第（七）项');
  });

  it('lets an agency rename and hide defaults and add its own', () => {
    const merged = mergeCatalogue('town', [
      { code: 'JC10', group: 'basic', name: '乡村振兴', position: 0, hidden: false },
      { code: 'JC05', group: 'basic', name: '税收管理', position: 0, hidden: true },
      { code: 'ZD002', group: 'own', name: '村居信息', position: 2, hidden: false },
      { code: 'ZD001', group: 'own', name: '政策解读', position: 1, hidden: false },
    ]);
    assert.equal(merged.find((c) => c.code === 'JC10')?.name, '乡村振兴');
    assert.equal(merged.find((c) => c.code === 'JC05')?.hidden, true);
    assert.deepEqual(
      merged.slice(-2).map((c) => c.name),
      ['政策解读', '村居信息'],
    );
    assert.equal(nextOwnCategoryCode(['ZD001', 'ZD002', 'JC01']), 'ZD003');
  });

  it('writes and parses the 索引号', () => {
    const n = indexNumber('11419001005942312L', 'JC12', 2026, 7);
    assert.equal(n, '11419001005942312L-JC12-2026-0007');
    assert.deepEqual(parseIndexNumber(n), {
      agencyCode: '11419001005942312L',
      categoryCode: 'JC12',
      year: 2026,
      serial: 7,
    });
    assert.equal(agencyIndexCode({ id: 'a1b2c3d4-e5f6', creditCode: null }), 'GKA1B2C3D4');
  });
});

describe('content, body and attachments', () => {
  it('sanitizes the body and strips markup from plain fields', () => {
    const body = sanitizeBody(
      '<p onclick="x()" style="color:red;text-align:center">正文<script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/">国务院</a><iframe src="https://evil"></iframe>',
    );
    assert.equal(
      body,
      '<p style="text-align:center">正文</p><a rel="noopener noreferrer nofollow">链接</a><a href="https://www.gov.cn/" rel="noopener noreferrer nofollow">国务院</a>',
    );
    assert.equal(plainText('<script>alert(1)</script>关于<b>公开</b>的通知\u202e'), '关于公开的通知');
    // A `<` or `&` that is not markup is text, and nothing after it is lost.
    assert.equal(
      plainText('承留镇<img src=x onerror=alert(1)>“补助”公示（a<b&c） 1<2>0 &amp; <PM2.5> <!-- x -->'),
      '承留镇“补助”公示（a<b&c） 1<2>0 & <PM2.5>',
    );
    const { content, problems } = normalizeContent(
      {
        title: '',
        formedOn: '2026-13-01',
        categoryCode: '',
        theme: '不存在',
        validity: 'x',
        keywords: 'a，b、a',
      },
      '2026-03-02',
    );
    assert.equal(problems.length, 5);
    assert.deepEqual(content.keywords, ['a', 'b']);
  });

  it('sniffs attachments by their bytes and cleans their names', () => {
    const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n'));
    assert.equal(sniffAttachment(pdf, 'x.exe'), 'pdf');
    assert.equal(sniffAttachment(new Uint8Array([0x4d, 0x5a, 0, 0]), 'a.pdf'), null);
    assert.equal(sniffAttachment(new Uint8Array(Buffer.from('<svg onload=alert(1)>')), 'a.svg'), null);
    const zip = new Uint8Array(
      Buffer.concat([
        Buffer.from([0x50, 0x4b, 0x03, 0x04]),
        Buffer.alloc(22),
        Buffer.from([13, 0, 0, 0]),
        Buffer.from('word/document'),
      ]),
    );
    assert.equal(sniffAttachment(zip, 'a.zip'), 'docx');
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    assert.equal(sniffAttachment(ole, '预算.xls'), 'xls');
    assert.equal(sniffAttachment(ole, '预算.bin'), null);
    assert.equal(safeAttachmentName('..\\..\\<b onmouseover="x">通知.exe', 'pdf'), 'b onmouseover=x通知.pdf');
    assert.equal(
      safeAttachmentName('<img src=x onerror=alert(1)>.pdf', 'pdf'),
      'img src=x onerror=alert(1).pdf',
    );
    assert.equal(safeAttachmentName('...', 'png'), '附件.png');
  });

  it('flags publication after 20 working days (条例第二十六条)', () => {
    const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);
    // Formed Monday 2026-03-02: the 20th working day is 2026-03-30, the 21st 2026-03-31.
    const inTime = timeliness('2026-03-02', '2026-03-30', '2026-04-10', calendar);
    assert.deepEqual(
      [inTime.dueOn, inTime.lateOn, inTime.late, inTime.workingDays],
      ['2026-03-30', '2026-03-31', false, 20],
    );
    assert.equal(timeliness('2026-03-02', '2026-03-31', '2026-04-10', calendar).late, true);
    assert.equal(timeliness('2026-03-02', null, '2026-03-30', calendar).late, false);
    assert.equal(timeliness('2026-03-02', null, '2026-03-31', calendar).late, true);
    // Across the 劳动节 holiday (5/1–5/5) and the makeup Saturday 5/9.
    assert.equal(timeliness('2026-04-20', null, '2026-04-20', calendar).dueOn, '2026-05-20');
  });
});

describe('item workflow invariants (property)', () => {
  const users = ['ed1', 'ed2', 'rev', 'app1', 'app2'];
  const anyEvent = fc.record({
    type: fc.constantFrom(
      'created',
      'edited',
      'redacted',
      'submitted',
      'returned',
      'review_signed',
      'approved',
      'published',
      'withdrawn',
      'revised',
    ),
    by: fc.constantFrom(...users),
    ahead: fc.integer({ min: 0, max: 3 }),
    full: fc.boolean(),
  });

  it('never lets an author approve, never publishes unreviewed text, keeps versions in order', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (drafts) => {
        let state = initialItemState();
        let reviewedSinceEdit = false;
        for (const [i, d] of drafts.entries()) {
          const at = new Date(Date.parse(T) + i * 60_000).toISOString();
          const event = {
            type: d.type,
            at,
            by: d.by,
            count: 1,
            reason: '理由',
            checklist: d.full ? CHECKLIST_IDS : CHECKLIST_IDS.slice(1),
            findings: [],
            justifications: [],
            publishAt: new Date(Date.parse(at) + d.ahead * 86_400_000).toISOString(),
          } as unknown as ItemEvent;
          let next: typeof state;
          try {
            next = applyItemEvent(state, event);
          } catch (error) {
            assert.ok(error instanceof DomainError, String(error));
            continue;
          }
          if (event.type === 'approved') assert.ok(!state.authors.includes(d.by));
          if (event.type === 'published') assert.ok(reviewedSinceEdit && state.phase === 'approved');
          if (event.type === 'review_signed') reviewedSinceEdit = true;
          if (['edited', 'redacted', 'revised', 'returned', 'created'].includes(event.type))
            reviewedSinceEdit = false;
          assert.ok(next.version >= state.version);
          assert.ok(next.publishedVersion === null || next.publishedVersion <= next.version);
          if (state.phase === 'withdrawn') assert.fail('a withdrawn item moved');
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
