import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import {
  indexDocument,
  RANKED_WINDOW,
  removeDocument,
  type SearchDocument,
  type SearchQuery,
  searchDocuments,
} from './index.ts';

let serial = 0;
function doc(overrides: Partial<SearchDocument> = {}): SearchDocument {
  serial++;
  return {
    id: `disclosure:${serial}`,
    agencyId: 'town',
    kind: 'disclosure',
    category: '政策信息',
    year: 2026,
    validity: '有效',
    title: `标题${serial}`,
    body: '正文。',
    publishedOn: '2026-03-01',
    url: `/agencies/town/items/${serial}`,
    ...overrides,
  };
}

/** i in base 26, written with a–z. */
function letters(i: number): string {
  return [...i.toString(26)].map((d) => String.fromCharCode(97 + Number.parseInt(d, 26))).join('');
}

const CORPUS: Partial<SearchDocument>[] = [
  {
    id: 'd:lowbao',
    title: '承留镇人民政府关于2026年低保资金发放情况的公示',
    body: '根据《社会救助暂行办法》，承留镇2026年第一季度低保资金已发放到户。',
    category: '基层政务公开',
    publishedOn: '2026-04-02',
  },
  {
    id: 'd:budget',
    agencyId: 'finance',
    title: '济源市财政局关于2025年部门预算公开的通知',
    body: '各乡镇、各部门：现将2025年部门预算公开工作有关事项通知如下。',
    category: '财政预决算',
    year: 2025,
    publishedOn: '2025-02-10',
  },
  {
    id: 'd:ipv6',
    title: '国务院办公厅关于推进IPv6规模部署的行动计划（国办发〔2017〕47号）',
    body: '转发国办发〔2017〕47号文件，加快推进基于IPv6的下一代互联网规模部署。',
    category: '政策信息',
    validity: '失效',
    year: 2017,
    publishedOn: '2017-11-26',
  },
  {
    id: 'd:penalty',
    agencyId: 'village',
    title: '南桥村行政处罚决定书',
    body: '当事人违反规定，依法作出行政处罚决定。',
    category: '村居信息',
    validity: '废止',
    publishedOn: '2026-05-20',
  },
];

const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id).sort();

for (const engine of ENGINES) {
  describe(`search on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    const search = (q: string, more: Omit<SearchQuery, 'q'> = {}) =>
      searchDocuments(database.db, { q, ...more });

    before(async () => {
      database = await createTestDatabase(engine);
      // Thousands of rows would wake autovacuum, whose worker the test's DROP DATABASE cannot end.
      if (engine === 'postgres') {
        await sql`alter table search_documents set (autovacuum_enabled = false, toast.autovacuum_enabled = false)`.execute(
          database.db,
        );
      }
    });
    after(async () => {
      await database?.drop();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('search_documents').execute();
      if (engine === 'sqlite')
        await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(database.db);
      for (const d of CORPUS) await indexDocument(database.db, doc(d));
    });

    it('answers 1-character, 2-character and 3–6 character Chinese queries', async () => {
      assert.deepEqual(ids(await search('镇')), ['d:budget', 'd:lowbao']);
      assert.deepEqual(ids(await search('承留')), ['d:lowbao']);
      assert.deepEqual(ids(await search('低保资金')), ['d:lowbao']);
      assert.deepEqual(ids(await search('行政处罚决定')), ['d:penalty']);
      assert.deepEqual(ids(await search('人民政府')), ['d:lowbao']);
      assert.deepEqual(ids(await search('罚')), ['d:penalty']);
      assert.deepEqual(ids(await search('预算公开')), ['d:budget']);
      assert.deepEqual(ids(await search('低保预算')), []);
    });

    it('ANDs the terms of a multi-term query', async () => {
      assert.deepEqual(ids(await search('承留 低保')), ['d:lowbao']);
      assert.deepEqual(ids(await search('承留 预算')), []);
      assert.deepEqual(ids(await search('关于 2026')), ['d:lowbao']);
      assert.deepEqual(ids(await search('关于')), ['d:budget', 'd:ipv6', 'd:lowbao']);
    });

    it('finds mixed Chinese, Latin and digits: 文号, IPv6, years', async () => {
      assert.deepEqual(ids(await search('国办发〔2017〕47号')), ['d:ipv6']);
      assert.deepEqual(ids(await search('国办发[2017]47号')), ['d:ipv6']);
      assert.deepEqual(ids(await search('IPv6')), ['d:ipv6']);
      assert.deepEqual(ids(await search('ｉｐｖ６规模部署')), ['d:ipv6']);
      assert.deepEqual(ids(await search('2026年')), ['d:lowbao']);
      assert.deepEqual(ids(await search('ipv')), ['d:ipv6'], 'the letter part of a mixed word');
      assert.deepEqual(ids(await search('pv6')), [], 'not a cut word');
    });

    it('filters by agencies, kind, category, year and validity', async () => {
      await indexDocument(
        database.db,
        doc({ id: 'd:other-kind', agencyId: 'services', kind: 'service', title: '关于低保' }),
      );
      assert.deepEqual(ids(await search('关于', { agencyIds: ['town', 'village'] })), ['d:ipv6', 'd:lowbao']);
      assert.deepEqual(ids(await search('关于', { agencyIds: ['finance'] })), ['d:budget']);
      assert.deepEqual(ids(await search('关于', { agencyIds: [] })), []);
      assert.deepEqual(ids(await search('关于', { year: Number.NaN })), []);
      assert.deepEqual(ids(await search('关于', { year: 2025.5 })), []);
      assert.deepEqual(ids(await search('关于', { kind: 'service' })), ['d:other-kind']);
      assert.deepEqual(ids(await search('关于', { category: '政策信息' })), ['d:ipv6', 'd:other-kind']);
      assert.deepEqual(ids(await search('关于', { year: 2025 })), ['d:budget']);
      assert.deepEqual(ids(await search('决定', { validity: '废止' })), ['d:penalty']);
      assert.deepEqual(
        ids(await search('关于', { agencyIds: ['town'], kind: 'disclosure', year: 2026, validity: '有效' })),
        ['d:lowbao'],
      );
    });

    it('replaces a document by id and removes it', async () => {
      await indexDocument(
        database.db,
        doc({ id: 'd:lowbao', title: '承留镇临时救助公示', body: '临时救助。' }),
      );
      assert.deepEqual(ids(await search('低保')), []);
      assert.deepEqual(ids(await search('临时救助')), ['d:lowbao']);
      assert.equal((await search('承留')).total, 1);
      await indexDocument(
        database.db,
        doc({ id: 'd:lowbao', title: '承留镇临时救助公示', body: '临时救助。', publishedOn: '2026-06-01' }),
      );
      const hit = (await search('临时救助')).hits[0]!;
      assert.equal(hit.publishedOn, '2026-06-01');
      await removeDocument(database.db, 'd:lowbao');
      assert.deepEqual(ids(await search('承留')), []);
      await removeDocument(database.db, 'd:lowbao');
      await removeDocument(database.db, 'never-indexed');
      assert.equal((await database.db.selectFrom('search_documents').select('id').execute()).length, 3);
    });

    it('is searchable once the caller’s transaction commits, and not after a rollback', async () => {
      await database.db.transaction().execute(async (trx) => {
        await indexDocument(trx, doc({ id: 'd:tx', title: '王屋镇环境整治通告' }));
        assert.deepEqual(ids(await searchDocuments(trx, { q: '王屋' })), ['d:tx']);
        if (engine === 'postgres') {
          // The PostgreSQL search turns sequential scans off for itself only.
          const { rows } = await sql<{ v: string }>`select current_setting('enable_seqscan') as v`.execute(
            trx,
          );
          assert.equal(rows[0]?.v, 'on');
        }
      });
      assert.deepEqual(ids(await search('王屋')), ['d:tx']);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await indexDocument(trx, doc({ id: 'd:rolled-back', title: '邵原镇通告' }));
          await removeDocument(trx, 'd:tx');
          throw new Error('rollback');
        }),
        /rollback/,
      );
      assert.deepEqual(ids(await search('邵原')), []);
      assert.deepEqual(ids(await search('王屋')), ['d:tx']);
    });

    it('pages with a total, best first, ties to the later publication', async () => {
      for (let i = 1; i <= 25; i++) {
        const day = String(i).padStart(2, '0');
        await indexDocument(
          database.db,
          doc({ id: `d:page${day}`, title: '克井镇公示', body: '公示内容。', publishedOn: `2026-07-${day}` }),
        );
      }
      const pages = await Promise.all([0, 10, 20].map((offset) => search('克井', { limit: 10, offset })));
      assert.deepEqual(
        pages.map((p) => p.total),
        [25, 25, 25],
      );
      assert.deepEqual(
        pages.map((p) => p.hits.length),
        [10, 10, 5],
      );
      const order = pages.flatMap((p) => p.hits.map((h) => h.publishedOn));
      assert.deepEqual(order, [...order].sort().reverse());
      assert.equal(new Set(pages.flatMap((p) => p.hits.map((h) => h.id))).size, 25);
      const past = await search('克井', { limit: 10, offset: 30 });
      assert.deepEqual([past.total, past.hits.length], [25, 0]);
      assert.equal((await search('克井', { limit: 1000 })).hits.length, 25);
      assert.equal((await search('克井', { limit: -5, offset: -1 })).hits.length, 1);
    });

    it(`ranks the latest ${RANKED_WINDOW} matches, then pages on through the older ones, latest first`, async () => {
      const count = RANKED_WINDOW + 50;
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < count; i++) {
          const on = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
          // Every seventh has 孟津 in its title as well: they rank first within the window.
          const title = i % 7 === 0 ? '孟津区孟津公告' : '孟津区公告';
          await indexDocument(trx, doc({ id: `d:w${String(i).padStart(5, '0')}`, title, publishedOn: on }));
        }
      });
      const seen: string[] = [];
      const dates: string[] = [];
      for (let offset = 0; offset < count; offset += 100) {
        const page = await search('孟津', { limit: 100, offset });
        assert.equal(page.total, count);
        seen.push(...page.hits.map((h) => h.id));
        dates.push(...page.hits.map((h) => h.publishedOn));
      }
      assert.equal(seen.length, count);
      assert.equal(new Set(seen).size, count, 'no document twice across pages');
      const firstOfWindow = new Date(Date.UTC(2020, 0, 1) + 50 * 86_400_000).toISOString().slice(0, 10);
      // Within the window: the documents with 孟津 twice first, each group latest first.
      const window = seen.slice(0, RANKED_WINDOW).map((id) => Number(id.slice(3)));
      const boosted = window.filter((i) => i % 7 === 0);
      assert.deepEqual(window.slice(0, boosted.length), boosted);
      assert.deepEqual(
        boosted,
        [...boosted].sort((a, b) => b - a),
      );
      assert.ok(dates.slice(0, RANKED_WINDOW).every((d) => d >= firstOfWindow));
      // After it, the older documents, latest first.
      const older = dates.slice(RANKED_WINDOW);
      assert.equal(older.length, 50);
      assert.deepEqual(older, [...older].sort().reverse());
      assert.ok(older.every((d) => d < firstOfWindow));
      // A page across the edge of the window is the two halves.
      const across = await search('孟津', { limit: 10, offset: RANKED_WINDOW - 5 });
      assert.deepEqual(
        across.hits.map((h) => h.id),
        seen.slice(RANKED_WINDOW - 5, RANKED_WINDOW + 5),
      );
    });

    it('filters by agency ids of any spelling, and indexes documents concurrently', async () => {
      const odd = ['a b', 'x"y', '承留镇-1', 'OR', '*', ''];
      await Promise.all(
        odd.map((agencyId, i) =>
          indexDocument(database.db, doc({ id: `d:odd${i}`, agencyId: agencyId || 'z', title: '济水公告' })),
        ),
      );
      for (const [i, agencyId] of odd.entries()) {
        if (!agencyId) continue;
        assert.deepEqual(ids(await search('济水', { agencyIds: [agencyId] })), [`d:odd${i}`], agencyId);
      }
      assert.equal((await search('济水', { agencyIds: ['a', 'b', 'x', 'y'] })).total, 0);
      assert.equal((await search('济水')).total, odd.length);
    });

    it('ranks a title match above a body match, and the whole word above scattered pairs', async () => {
      await indexDocument(database.db, doc({ id: 'd:in-body', title: '通知', body: '关于大峪镇的事项。' }));
      await indexDocument(database.db, doc({ id: 'd:in-title', title: '大峪镇通知', body: '事项。' }));
      assert.deepEqual(
        (await search('大峪镇')).hits.map((h) => h.id),
        ['d:in-title', 'd:in-body'],
      );
      await indexDocument(
        database.db,
        doc({ id: 'd:scattered', title: '通报', body: '行政机关对政处理结果，处罚见附件。' }),
      );
      const hits = (await search('行政处罚')).hits.map((h) => h.id);
      assert.deepEqual(hits, ['d:penalty', 'd:scattered']);
    });

    it('escapes HTML in titles and snippets and masks personal numbers', async () => {
      await indexDocument(
        database.db,
        doc({
          id: 'd:xss',
          title: '<script>alert(1)</script>坡头镇公告',
          body: '联系人李四，身份证号410901198001011234，手机13912345678。<img src=x onerror=alert(1)>坡头镇',
        }),
      );
      const [hit] = (await search('坡头')).hits;
      assert.ok(hit);
      assert.equal(hit.title, '<script>alert(1)</script>坡头镇公告');
      assert.equal(hit.titleHtml, '&lt;script&gt;alert(1)&lt;/script&gt;<mark>坡头</mark>镇公告');
      assert.ok(!hit.snippetHtml.includes('<img') && hit.snippetHtml.includes('&lt;img'), hit.snippetHtml);
      assert.ok(!/410901198001011234|13912345678/.test(hit.snippetHtml), hit.snippetHtml);
      assert.ok(hit.snippetHtml.includes('139****5678'), hit.snippetHtml);
      assert.ok(hit.snippetHtml.includes('<mark>坡头</mark>'), hit.snippetHtml);
    });

    it('treats FTS syntax in queries as text, never as syntax, never as an error', async () => {
      await indexDocument(
        database.db,
        doc({ id: 'd:syntax', title: 'NEAR(承留, 镇) OR NOT title: 五龙口镇', body: 'AND "x" * -y' }),
      );
      const queries = [
        '"',
        '""',
        '"承留',
        '承留"镇',
        '*',
        '镇*',
        'OR',
        'AND',
        'NOT',
        'NEAR(',
        'NEAR(承留',
        'NEAR(承留 镇, 2)',
        '-',
        '-承留',
        ':',
        'title:镇',
        '{title body}: 镇',
        '(',
        ')',
        '(承留',
        '^镇',
        '+',
        "'",
        '\\',
        '镇 OR 预算',
        "'; drop table search_documents; --",
        '\u0000',
        '𠀋',
        '镇'.repeat(500),
        'a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 9 0 aa bb cc dd ee ff gg',
      ];
      for (const q of queries) {
        const result = await search(q);
        assert.ok(result.total >= 0 && result.hits.length <= result.total, q);
      }
      assert.deepEqual(ids(await search('NEAR(承留')), ['d:syntax']);
      assert.deepEqual(ids(await search('title:五龙口')), ['d:syntax']);
      assert.deepEqual(ids(await search('镇 OR 预算')), [], 'OR is a word the documents must have');
      assert.deepEqual(ids(await search('镇*')), ['d:budget', 'd:lowbao', 'd:syntax']);
      assert.deepEqual(ids(await search('-承留')), ['d:lowbao', 'd:syntax'], 'minus is no NOT');
      assert.equal((await database.db.selectFrom('search_documents').select('id').execute()).length, 5);
    });

    it('finds nothing for an empty query or one without letters, digits or Han characters', async () => {
      for (const q of ['', '   ', '，。！', '"*"', '()']) {
        assert.deepEqual(await search(q), { total: 0, hits: [] }, JSON.stringify(q));
      }
    });

    it('indexes a very long body (its first 400 KiB of distinct tokens) without failing', async () => {
      const words = Array.from({ length: 30_000 }, (_, i) => `w${letters(i).padStart(38, 'q')}`);
      await indexDocument(database.db, doc({ id: 'd:long', title: '长文', body: words.join(' ') }));
      assert.deepEqual(ids(await search(words[0]!)), ['d:long']);
      assert.deepEqual(ids(await search(words.at(-1)!)), []);
      assert.deepEqual(ids(await search('长文')), ['d:long']);
    });

    it('refuses a document without a valid publication date', async () => {
      await assert.rejects(indexDocument(database.db, doc({ publishedOn: '2026-02-30' })), RangeError);
      await assert.rejects(indexDocument(database.db, doc({ id: '' })), RangeError);
    });
  });
}
