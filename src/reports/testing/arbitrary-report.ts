// fast-check arbitraries for annual reports in the 2021 format whose tables are consistent
// (R1–R7 hold) and whose prose agrees with them (X2–X7 hold): the starting point of the property
// tests, which then break one thing at a time. Numbers are small and mostly zero, as in real
// reports of townships and county departments.
import fc from 'fast-check';
import { classifyBody } from '../body-kind.ts';
import { draftOverview } from '../draft-narrative.ts';
import { type AnnualReport, type Cell, emptyReport } from '../report.ts';
import {
  COLUMN_COUNT,
  SECTIONS,
  type SectionKey,
  sectionHeading,
  TABLE4_GROUPS,
  TOTAL_COLUMN,
  table3Rows,
} from '../report-format.ts';

const PLACES = [
  '青山',
  '清河',
  '白石',
  '龙泉',
  '长乐',
  '永安',
  '桃源',
  '新安',
  '石桥',
  '柳林',
  '双河',
  '红星',
  '东湖',
  '南岭',
  '西峰',
  '北辰',
  '金沙',
  '凤凰',
  '太平',
  '安乐',
] as const;

const DEPARTMENTS = [
  '教育局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '卫生健康委员会',
  '市场监督管理局',
  '应急管理局',
  '人民政府办公室',
] as const;

/** A reporting body as real reports name it: townships, sub-districts, departments, governments. */
export function arbitraryBody(): fc.Arbitrary<string> {
  const place = fc.constantFrom(...PLACES);
  const department = fc.constantFrom(...DEPARTMENTS);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(place, fc.constantFrom('镇人民政府', '乡人民政府', '街道办事处'))
        .map(([p, s]) => p + s),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(place, fc.constantFrom('县', '区', '市'), department).map(([p, l, d]) => p + l + d),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(place, fc.constantFrom('县人民政府', '区人民政府')).map(([p, s]) => p + s),
    },
    { weight: 1, arbitrary: place.map((p) => `${p}市人民政府`) },
  );
}

/** A township body name (乡、镇、街道), for the rules that treat them apart. */
export function arbitraryTownship(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...PLACES), fc.constantFrom('镇人民政府', '乡人民政府', '街道办事处'))
    .map(([p, s]) => p + s);
}

/** 0 most of the time, otherwise 1..max. */
function mostlyZero(max: number, zeroWeight: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: zeroWeight, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max }) },
  );
}

const RESULT_KEYS_2021 = table3Rows('2021')
  .filter((r) => r.result)
  .map((r) => r.key);

/** How often each result row is used, as (max, zero weight): 予以公开 most, the rare grounds seldom. */
function resultCell(key: string, natural: boolean): fc.Arbitrary<number> {
  const scale = natural ? 1 : 0.5;
  if (key === 'granted') return mostlyZero(Math.max(1, Math.round(8 * scale)), 1);
  if (key === 'partial' || key === 'unable1' || key === 'notProcessed1' || key === 'other1') {
    return mostlyZero(Math.max(1, Math.round(3 * scale)), 4);
  }
  return mostlyZero(2, 25);
}

interface ColumnDraw {
  results: number[];
  carriedOut: number;
  carriedIn: number;
}

function arbitraryColumn(column: number): fc.Arbitrary<ColumnDraw> {
  const natural = column === 0;
  const active = fc.oneof(
    { weight: natural ? 3 : 1, arbitrary: fc.constant(true) },
    { weight: natural ? 1 : 6, arbitrary: fc.constant(false) },
  );
  const draw = fc.record({
    results: fc.tuple(...RESULT_KEYS_2021.map((k) => resultCell(k, natural))),
    carriedOut: mostlyZero(2, 4),
    carriedIn: mostlyZero(2, 4),
  });
  return fc.tuple(active, draw).map(([on, d]) => {
    if (!on) return { results: RESULT_KEYS_2021.map(() => 0), carriedOut: 0, carriedIn: 0 };
    const total = d.results.reduce((a, b) => a + b, 0);
    // 新收 = 总计 + 结转下年度 − 上年结转 must not be negative.
    return {
      results: d.results,
      carriedOut: d.carriedOut,
      carriedIn: Math.min(d.carriedIn, total + d.carriedOut),
    };
  });
}

function arbitraryTable3(): fc.Arbitrary<Record<string, Cell[]>> {
  return fc.tuple(...Array.from({ length: TOTAL_COLUMN }, (_, c) => arbitraryColumn(c))).map((columns) => {
    const table3: Record<string, Cell[]> = {};
    const put = (key: string, values: number[]) => {
      table3[key] = [...values, values.reduce((a, b) => a + b, 0)];
    };
    RESULT_KEYS_2021.forEach((key, i) => {
      put(
        key,
        columns.map((c) => c.results[i]!),
      );
    });
    const totals = columns.map((c) => c.results.reduce((a, b) => a + b, 0));
    put('total', totals);
    put(
      'carriedIn',
      columns.map((c) => c.carriedIn),
    );
    put(
      'carriedOut',
      columns.map((c) => c.carriedOut),
    );
    put(
      'new',
      columns.map((c, i) => totals[i]! + c.carriedOut - c.carriedIn),
    );
    // In the printed order, as `emptyReport` and the reader have them.
    return Object.fromEntries(table3Rows('2021').map((r) => [r.key, table3[r.key]!]));
  });
}

function arbitraryTable4(): fc.Arbitrary<AnnualReport['table4']> {
  const group = fc.tuple(mostlyZero(2, 3), mostlyZero(1, 6), mostlyZero(1, 8), mostlyZero(1, 5));
  const none = fc.constant([0, 0, 0, 0]);
  const some = fc.oneof({ weight: 3, arbitrary: none }, { weight: 1, arbitrary: group });
  return fc.tuple(some, some, some).map((groups) => {
    const entries = TABLE4_GROUPS.map((g, i) => {
      const parts = groups[i]!;
      const row: Cell[] = [...parts, parts.reduce((a, b) => a + b, 0)];
      return [g.key, row] as const;
    });
    return Object.fromEntries(entries) as AnnualReport['table4'];
  });
}

/** Fees in 万元 with at most 4 decimals (精确到元). */
function arbitraryFees(): fc.Arbitrary<number> {
  const amount = fc
    .tuple(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 0, max: 4 }))
    .map(([yuan, decimals]) => Number((yuan / 10_000).toFixed(decimals)));
  return fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: amount });
}

function arbitraryTable2(body: string): fc.Arbitrary<Record<string, Cell[]>> {
  const kind = classifyBody(body);
  const township = kind === 'township';
  const regulations =
    kind === 'city-government' || kind === 'province-government'
      ? fc
          .tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 60 }),
          )
          .map(([issued, repealed, base]) => [issued, repealed, base + issued])
      : fc.constant<number[]>([0, 0, 0]);
  const normativeDocs = fc
    .tuple(township ? fc.constant(0) : mostlyZero(8, 2), mostlyZero(3, 3), fc.integer({ min: 0, max: 40 }))
    .map(([issued, repealed, base]) => [issued, repealed, base + issued]);
  return fc
    .record({
      regulations,
      normativeDocs,
      licensing: mostlyZero(600, township ? 3 : 1),
      penalty: mostlyZero(200, 1),
      enforcement: mostlyZero(20, 3),
      fees: arbitraryFees(),
    })
    .map((t) => ({
      regulations: t.regulations,
      normativeDocs: t.normativeDocs,
      licensing: [t.licensing],
      penalty: [t.penalty],
      enforcement: [t.enforcement],
      fees: [t.fees],
    }));
}

interface Wording {
  proactive: { website: number; policies: number; news: number; others: number; wechat: number };
  platform: number;
  problems: number;
  feeCharged: number | null;
  proposals: { npc: number; cppcc: number } | null;
  publishedDay: number | null;
}

function arbitraryWording(): fc.Arbitrary<Wording> {
  return fc.record({
    proactive: fc
      .record({
        policies: fc.integer({ min: 0, max: 40 }),
        news: fc.integer({ min: 0, max: 300 }),
        others: fc.integer({ min: 0, max: 100 }),
        extra: fc.integer({ min: 0, max: 50 }),
        wechat: fc.integer({ min: 0, max: 400 }),
      })
      .map((p) => ({ ...p, website: p.policies + p.news + p.others + p.extra })),
    platform: fc.integer({ min: 0, max: 2 }),
    problems: fc.integer({ min: 0, max: 2 }),
    feeCharged: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 5 }).map((n) => n * 100),
        fc.integer({ min: 1, max: 50 }).map((n) => n * 10),
      ),
      { nil: null, freq: 4 },
    ),
    proposals: fc.option(
      fc.record({ npc: fc.integer({ min: 1, max: 12 }), cppcc: fc.integer({ min: 1, max: 12 }) }),
      {
        nil: null,
      },
    ),
    publishedDay: fc.option(fc.integer({ min: 2, max: 31 }), { nil: null, freq: 5 }),
  });
}

export interface ConsistentReportOptions {
  /** The reporting body; `arbitraryBody()` when absent. */
  body?: fc.Arbitrary<string>;
}

/** A 2021-format report whose tables and prose are consistent: `checkReport` finds nothing in it. */
export function arbitraryConsistentReport(options: ConsistentReportOptions = {}): fc.Arbitrary<AnnualReport> {
  return fc
    .tuple(options.body ?? arbitraryBody(), fc.integer({ min: 2021, max: 2026 }))
    .chain(([body, year]) =>
      fc.record({
        body: fc.constant(body),
        year: fc.constant(year),
        table2: arbitraryTable2(body),
        table3: arbitraryTable3(),
        table4: arbitraryTable4(),
        wording: arbitraryWording(),
      }),
    )
    .map((drawn) => {
      // Fresh objects for every report: tests change them, and fast-check re-uses drawn values when shrinking.
      const { body, year, table2, table3, table4, wording } = structuredClone(drawn);
      const report = emptyReport('2021');
      report.body = body;
      report.year = year;
      report.title = `${body}${year}年政府信息公开工作年度报告`;
      report.publishedOn =
        wording.publishedDay === null
          ? null
          : `${year + 1}-01-${String(wording.publishedDay).padStart(2, '0')}`;
      report.table2 = table2;
      report.table3 = table3;
      report.table4 = table4;
      report.preamble = [
        `本报告根据《中华人民共和国政府信息公开条例》要求，由${body}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`,
      ];
      const paragraphs: Record<SectionKey, string[]> = {
        overview: [
          `${year}年，${body}坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新进展。`,
          proactiveParagraph(wording, table2),
          ...draftOverview(report),
          PLATFORM_PARAGRAPHS[wording.platform]!,
          '加强监督保障，将政务公开工作纳入年度绩效考核，畅通社会评议渠道，本年度未发生因政府信息公开工作引发的责任追究情况。',
        ],
        proactive: [],
        applications: [],
        appeals: [],
        problems: [...PROBLEM_PARAGRAPHS[wording.problems]!],
        other: otherParagraphs(wording, table3),
      };
      report.sections = SECTIONS.map((s) => ({
        key: s.key,
        heading: sectionHeading(s),
        paragraphs: paragraphs[s.key],
      }));
      return report;
    });
}

function proactiveParagraph(wording: Wording, table2: Record<string, Cell[]>): string {
  const p = wording.proactive;
  const penalty = table2.penalty?.[0] ?? 0;
  const decisions = penalty > 0 ? `本年度作出行政处罚决定${penalty}件，均按规定在执法公示平台公示。` : '';
  return (
    `主动公开方面，全年通过政府门户网站主动公开政府信息${p.website}条，其中政策文件${p.policies}条、工作动态${p.news}条、其他信息${p.others}条` +
    `${p.wechat > 0 ? `；通过政务新媒体发布信息${p.wechat}条` : ''}。${decisions}`
  );
}

const PLATFORM_PARAGRAPHS = [
  '加强政府信息管理和平台建设，严格执行信息发布保密审查制度，坚持“先审查、后公开”，定期梳理更新政府信息公开目录，确保公开信息准确、规范。',
  '持续完善政府门户网站信息公开专栏，及时调整栏目设置，规范发布标准；用好政务新媒体，拓宽公众获取政府信息的渠道。',
  '规范政府信息公开指南和公开目录，健全信息发布审核机制，做好政府信息公开查阅点的日常维护，方便群众就近查阅。',
] as const;

const PROBLEM_PARAGRAPHS = [
  [
    '本年度政府信息公开工作仍存在一些不足：一是部分信息公开不够及时；二是政策解读形式较为单一；三是工作人员业务能力有待提高。',
    '改进措施：一是建立信息发布提醒机制，确保信息按时公开；二是丰富图文、视频等解读形式；三是加强业务培训，提升工作人员的政策水平和业务能力。上年度报告提出的改进措施均已落实。',
  ],
  [
    '存在的主要问题：公开内容的全面性有待加强，依申请公开的答复文书还需进一步规范。',
    '下一步改进措施：对照公开目录逐项梳理，查漏补缺；规范答复文书格式，严格落实法制审核，切实提升依申请公开办理质量。',
  ],
  [
    '主要问题是基层政务公开标准化规范化水平还不够高，公开栏目更新不够及时。',
    '改进措施：一是对照标准目录完善公开事项；二是落实专人负责栏目更新，定期开展自查。',
  ],
] as const;

function otherParagraphs(wording: Wording, table3: Record<string, Cell[]>): string[] {
  const unpaid = table3.other2?.[TOTAL_COLUMN] ?? 0;
  let fees: string;
  if (unpaid > 0) {
    fees = `本年度依据《政府信息公开信息处理费管理办法》向申请人发出收费通知${unpaid}件，申请人${unpaid > 1 ? '均' : ''}逾期未缴纳，相应申请不再处理，全年信息处理费收入为零。`;
  } else if (wording.feeCharged !== null) {
    fees = `本年度依据《政府信息公开信息处理费管理办法》收取信息处理费${wording.feeCharged}元。`;
  } else {
    fees = '本年度未收取信息处理费。';
  }
  const proposals = wording.proposals
    ? [
        `本年度承办人大代表建议${wording.proposals.npc}件、政协提案${wording.proposals.cppcc}件，均已按期办结，办理结果已按规定公开。`,
      ]
    : [];
  return [fees, ...proposals];
}

/**
 * The report of the year before, as far as the cross-year rule X1 reads it: its 结转下年度 equals this
 * report's 上年结转, and its 现行有效 counts are this year's less what was issued plus what was repealed.
 */
export function previousYearReport(report: AnnualReport): AnnualReport {
  const previous: AnnualReport = structuredClone(report);
  previous.year = report.year === null ? null : report.year - 1;
  previous.title = report.title?.replace(String(report.year), String(previous.year)) ?? null;
  previous.table3.carriedOut = [...(report.table3.carriedIn ?? Array<Cell>(COLUMN_COUNT).fill(0))];
  for (const key of ['regulations', 'normativeDocs']) {
    const [issued, repealed, valid] = report.table2[key]!;
    if (typeof issued === 'number' && typeof repealed === 'number' && typeof valid === 'number') {
      previous.table2[key] = [0, 0, valid - issued + repealed];
    }
  }
  return previous;
}
