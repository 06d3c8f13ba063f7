// The drafted report against the checker and against its facts: for arbitrary consistent tables,
// publications under the real channel and catalogue labels, and fee records, the draft has no
// error-level finding, no X2/X3/X5 finding at all, and its prose states the facts' numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CHANNEL_IDS, CHANNELS, DEFAULT_CATEGORIES } from '../../disclosures/index.ts';
import { draftOverview } from '../draft-narrative.ts';
import { section } from '../report.ts';
import { SECTIONS, sectionHeading } from '../report-format.ts';
import { checkReport } from '../rules/check-report.ts';
import { arbitraryConsistentReport } from '../testing/arbitrary-report.ts';
import { draftReport, feeSentence, proactiveParagraph, serviceSentence } from './draft-report.ts';
import type { FeeFacts, PublicationFacts, ReportFacts, ServiceFacts } from './report-facts.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261127);
const RUNS = { numRuns: 300, seed: SEED };

function arbitraryPublications(): fc.Arbitrary<PublicationFacts> {
  const category = fc.record({
    definition: fc.constantFrom(...DEFAULT_CATEGORIES),
    count: fc.integer({ min: 1, max: 400 }),
  });
  return fc
    .record({
      categories: fc.uniqueArray(category, { maxLength: 8, selector: (c) => c.definition.code }),
      others: fc.tuple(...CHANNEL_IDS.slice(1).map(() => fc.oneof(fc.constant(0), fc.nat(700)))),
    })
    .map(({ categories, others }) => {
      const portal = categories.reduce((a, c) => a + c.count, 0);
      const channels = CHANNEL_IDS.map((key, i) => ({
        key,
        label: CHANNELS[key],
        count: i === 0 ? portal : others[i - 1]!,
      }));
      return {
        total: channels.reduce((a, c) => a + c.count, 0),
        channels,
        categories: categories.map((c) => ({
          key: c.definition.code,
          label: c.definition.name,
          count: c.count,
        })),
      };
    });
}

const arbitraryFees: fc.Arbitrary<FeeFacts> = fc.record({
  noticesIssued: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })),
  amountCollectedYuan: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 20 }).map((n) => n * 100),
    fc.integer({ min: 1, max: 90 }).map((n) => n * 10),
  ),
});

const NO_SERVICES: ServiceFacts = {
  windows: 0,
  townItems: 0,
  villageItems: 0,
  ratings: 0,
  dissatisfied: 0,
  complaints: 0,
  complaintsOnTime: 0,
};

// A hall with items, or none (most agencies); ratings and complaints often absent.
const arbitraryServices: fc.Arbitrary<ServiceFacts> = fc.oneof(
  fc.constant(NO_SERVICES),
  fc
    .record({
      windows: fc.nat(12),
      townItems: fc.nat(200),
      villageItems: fc.oneof(fc.constant(0), fc.nat(2000)),
      ratings: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })),
      complaints: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ a, b, ...s }) => ({
      ...s,
      dissatisfied: Math.floor(a * s.ratings),
      complaintsOnTime: Math.floor(b * s.complaints),
    })),
);

const arbitraryFacts: fc.Arbitrary<ReportFacts> = fc
  .tuple(arbitraryConsistentReport(), arbitraryPublications(), arbitraryFees, arbitraryServices)
  .map(([report, publications, fees, services]) => ({
    body: report.body!,
    agencyKind: 'town' as const,
    year: report.year!,
    format: '2021' as const,
    table2: report.table2,
    table3: report.table3,
    table4: report.table4,
    publications,
    fees,
    services,
  }));

function describeFindings(findings: readonly { rule: string; message: string }[]): string {
  return findings.map((f) => `[${f.rule}] ${f.message}`).join('\n');
}

describe('draftReport', () => {
  it('says the service hall in one sentence of section 一, and nothing without items', () => {
    const hall: ServiceFacts = {
      windows: 8,
      townItems: 80,
      villageItems: 10,
      ratings: 120,
      dissatisfied: 3,
      complaints: 2,
      complaintsOnTime: 1,
    };
    assert.equal(
      serviceSentence(hall),
      '便民服务大厅设服务窗口8个，公开政务服务事项90项（乡镇级80项、村级10项）；全年收到服务评价120条，不满意率2.5%；受理效能投诉2件，按时办结1件。',
    );
    assert.equal(
      serviceSentence({
        ...hall,
        villageItems: 0,
        ratings: 0,
        dissatisfied: 0,
        complaints: 0,
        complaintsOnTime: 0,
      }),
      '便民服务大厅设服务窗口8个，公开政务服务事项80项。',
    );
    assert.equal(
      serviceSentence({ ...hall, windows: 0, ratings: 0, dissatisfied: 0 }),
      '公开政务服务事项90项（乡镇级80项、村级10项）；受理效能投诉2件，按时办结1件。',
    );
    assert.equal(serviceSentence(NO_SERVICES), null);
    assert.equal(serviceSentence({ ...NO_SERVICES, windows: 8, ratings: 4, complaints: 1 }), null);
  });

  it('drafts reports the checker finds no error in, and no narrative mismatch at all', () => {
    fc.assert(
      fc.property(arbitraryFacts, (facts) => {
        const report = draftReport(facts);
        const findings = checkReport(report);
        const wrong = findings.filter(
          (f) => f.severity === 'error' || f.rule === 'X2' || f.rule === 'X3' || f.rule === 'X5',
        );
        assert.deepEqual(wrong, [], describeFindings(wrong));
      }),
      RUNS,
    );
  });

  it('states the facts: tables as given, publications per channel and category, the fee sentence', () => {
    fc.assert(
      fc.property(arbitraryFacts, (facts) => {
        const report = draftReport(facts);
        assert.equal(report.title, `${facts.body}${facts.year}年政府信息公开工作年度报告`);
        assert.equal(report.body, facts.body);
        assert.deepEqual(report.table2, facts.table2);
        assert.deepEqual(report.table3, facts.table3);
        assert.deepEqual(report.table4, facts.table4);
        assert.deepEqual(
          report.sections.map((s) => s.heading),
          SECTIONS.map(sectionHeading),
        );
        const overview = section(report, 'overview')!.paragraphs;
        const proactive = overview[0]!;
        assert.equal(proactive, proactiveParagraph(facts.year, facts.publications, facts.table2));
        const narrative = draftOverview(report);
        assert.deepEqual(overview.slice(1, 1 + narrative.length), narrative);
        const services = serviceSentence(facts.services);
        assert.deepEqual(overview.slice(1 + narrative.length), services === null ? [] : [services]);
        const { publications } = facts;
        if (publications.total > 0) assert.ok(proactive.includes(`${publications.total}条`), proactive);
        const channels = publications.channels.filter((c) => c.count > 0);
        if (channels.length > 1)
          for (const c of channels) assert.ok(proactive.includes(`${c.label}${c.count}条`), proactive);
        const portal = publications.channels[0]!;
        if (portal.count > 0) {
          assert.ok(proactive.includes(`在${portal.label}发布的${portal.count}条信息中`), proactive);
          for (const c of publications.categories) {
            const same = publications.categories.filter((d) => d.label === c.label);
            const count = same.reduce((a, d) => a + d.count, 0);
            assert.ok(proactive.includes(`“${c.label}”${count}条`), proactive);
          }
        }
        const penalty = facts.table2.penalty![0]!;
        assert.ok(proactive.includes(`行政处罚决定${penalty}件`), proactive);
        assert.equal(section(report, 'other')!.paragraphs[0], feeSentence(facts.year, facts.fees));
        assert.deepEqual(section(report, 'problems')!.paragraphs, []);
      }),
      RUNS,
    );
  });

  it('writes the fee sentence from the records', () => {
    assert.equal(feeSentence(2022, { noticesIssued: 0, amountCollectedYuan: 0 }), '2022年未收取信息处理费。');
    assert.equal(
      feeSentence(2023, { noticesIssued: 3, amountCollectedYuan: 300 }),
      '2023年依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知3件，收取信息处理费300元。',
    );
    assert.match(
      feeSentence(2023, { noticesIssued: 2, amountCollectedYuan: 0 }),
      /发出收费通知2件，未收取信息处理费。$/,
    );
    assert.match(
      feeSentence(2023, { noticesIssued: 0, amountCollectedYuan: 100 }),
      /收取信息处理费100元（均为上年度/,
    );
  });

  it('puts the clerk’s paragraphs in place of the drafted ones, keeping the tables and the fee sentence', () => {
    const [sample] = fc.sample(arbitraryFacts, { numRuns: 1, seed: SEED });
    const facts = sample!;
    const fee = feeSentence(facts.year, facts.fees);
    const report = draftReport(facts, {
      overview: ['  本年度主动公开政府信息若干条。 ', ''],
      problems: ['一是公开不够及时。改进措施：建立提醒机制。'],
      other: [fee, '本年度承办人大代表建议3件。'],
    });
    assert.deepEqual(section(report, 'overview')!.paragraphs, ['本年度主动公开政府信息若干条。']);
    assert.deepEqual(section(report, 'problems')!.paragraphs, ['一是公开不够及时。改进措施：建立提醒机制。']);
    assert.deepEqual(section(report, 'other')!.paragraphs, [fee, '本年度承办人大代表建议3件。']);
    assert.deepEqual(report.table3, facts.table3);
    // Unedited sections keep the draft.
    const partly = draftReport(facts, { problems: ['改进措施：加强培训。'] });
    assert.deepEqual(
      section(partly, 'overview')!.paragraphs,
      section(draftReport(facts), 'overview')!.paragraphs,
    );
  });

  it('quotes the category names and counts a name two categories share once', () => {
    const text = proactiveParagraph(
      2022,
      {
        total: 6,
        channels: [{ key: 'portal', label: '政府网站', count: 6 }],
        categories: [
          { key: 'FZ03', label: '社会救助', count: 1 },
          { key: 'FD02', label: '机关职能、机构设置', count: 2 },
          { key: 'JC12', label: '社会救助', count: 3 },
        ],
      },
      {},
    );
    assert.match(text, /在政府网站发布的6条信息中，“社会救助”4条、“机关职能、机构设置”2条。$/);
  });

  it('says so when nothing was published, and names the only channel used', () => {
    const table2 = { penalty: [null], licensing: [3], enforcement: [0] };
    const none = proactiveParagraph(
      2022,
      { total: 0, channels: [{ key: 'portal', label: '政府网站', count: 0 }], categories: [] },
      table2,
    );
    assert.equal(
      none,
      '主动公开方面，2022年未通过政府网站等渠道主动公开政府信息。本年度作出行政许可决定3件、行政强制决定0件。',
    );
    const one = proactiveParagraph(
      2022,
      {
        total: 5,
        channels: [
          { key: 'portal', label: '政府网站', count: 5 },
          { key: 'wechat', label: '政务微信公众号', count: 0 },
        ],
        categories: [
          { key: 'FD01', label: '政策文件', count: 2 },
          { key: 'JC08', label: '农村危房改造', count: 3 },
        ],
      },
      {},
    );
    assert.equal(
      one,
      '主动公开方面，2022年通过政府网站主动公开政府信息5条。在政府网站发布的5条信息中，“政策文件”2条、“农村危房改造”3条。',
    );
  });
});
