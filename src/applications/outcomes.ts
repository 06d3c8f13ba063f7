// The statutory outcomes of an application (the 21 result rows of table 三, 2021 format) and the
// applicant types (the six applicant columns), as data. Row keys and labels come from
// report-format.ts; this file adds the legal basis of each outcome for the reply letter.
import {
  APPLICANT_COLUMNS,
  TABLE3_GROUP_LABELS,
  type Table3Group,
  TOTAL_COLUMN,
  table3Rows,
} from '../reports/report-format.ts';

/** The row keys of the 21 result rows of table 三 (2021 format). */
export type OutcomeCode =
  | 'granted'
  | 'partial'
  | `denied${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`
  | `unable${1 | 2 | 3}`
  | `notProcessed${1 | 2 | 3 | 4 | 5}`
  | `other${1 | 2 | 3}`;

export interface OutcomeDefinition {
  code: OutcomeCode;
  /** The printed leaf label of the row (report-format.ts). */
  label: string;
  group: Table3Group;
  /** The printed label of the group, e.g. （三）不予公开; for 予以公开 and 部分公开 the row label itself. */
  groupLabel: string;
  /** Articles of the 条例 the outcome rests on, e.g. 第三十六条第（三）项. */
  articles: readonly string[];
  /** Other legal sources, when the 条例 alone is not the basis. */
  otherSources: readonly string[];
  /** The sentence of the reply letter that states the decision and its legal basis. */
  basis: string;
  /** Where the 条例 names no express clause, what the row rests on in practice. */
  note?: string;
}

const REGULATION = '《中华人民共和国政府信息公开条例》';

function under(articles: string): string {
  return `根据${REGULATION}${articles}的规定，`;
}

interface LegalBasis {
  articles: readonly string[];
  otherSources?: readonly string[];
  basis: string;
  note?: string;
}

const LEGAL_BASES: Record<OutcomeCode, LegalBasis> = {
  granted: {
    articles: ['第三十六条第（一）项', '第三十六条第（二）项'],
    basis: `${under('第三十六条第（一）项、第（二）项')}您申请获取的政府信息予以公开，获取方式、途径和时间详见本答复。`,
  },
  partial: {
    articles: ['第三十七条'],
    basis: `${under('第三十七条')}您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的部分，并对不予公开的部分说明理由。`,
  },
  denied1: {
    articles: ['第十四条', '第三十六条第（三）项'],
    basis: `${under('第十四条、第三十六条第（三）项')}您申请获取的政府信息属于依法确定为国家秘密的政府信息，不予公开。`,
  },
  denied2: {
    articles: ['第十四条', '第三十六条第（三）项'],
    basis: `${under('第十四条、第三十六条第（三）项')}您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，不予公开。`,
  },
  denied3: {
    articles: ['第十四条', '第三十六条第（三）项'],
    basis: `${under('第十四条、第三十六条第（三）项')}您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。`,
  },
  denied4: {
    articles: ['第十五条', '第三十二条', '第三十六条第（三）项'],
    basis: `${under('第十五条、第三十六条第（三）项')}您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，不予公开。`,
  },
  denied5: {
    articles: ['第十六条第一款', '第三十六条第（三）项'],
    basis: `${under('第十六条第一款、第三十六条第（三）项')}您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息，不予公开。`,
  },
  denied6: {
    articles: ['第十六条第二款', '第三十六条第（三）项'],
    basis: `${under('第十六条第二款、第三十六条第（三）项')}您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，不予公开。`,
  },
  denied7: {
    articles: ['第十六条第二款', '第三十六条第（三）项'],
    basis: `${under('第十六条第二款、第三十六条第（三）项')}您申请获取的政府信息属于行政执法案卷信息，不予公开。`,
  },
  denied8: {
    articles: ['第三十六条第（七）项'],
    basis: `${under('第三十六条第（七）项')}您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请按照有关规定办理。`,
  },
  unable1: {
    articles: ['第三十六条第（四）项', '第三十六条第（五）项'],
    basis: `${under('第三十六条第（四）项、第（五）项')}本机关不掌握您申请获取的政府信息（经检索没有所申请公开的信息，或者该信息不属于本机关负责公开）。`,
  },
  unable2: {
    articles: ['第三十八条'],
    basis: `${under('第三十八条')}行政机关向申请人提供的政府信息应当是已制作或者获取的政府信息；您的申请需要本机关对现有政府信息进行加工、分析，本机关不予提供。`,
  },
  unable3: {
    articles: ['第三十条'],
    basis: `${under('第三十条')}您补正后的申请内容仍不明确，本机关无法提供。`,
  },
  notProcessed1: {
    articles: ['第三十九条第一款'],
    basis: `${under('第三十九条第一款')}您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。`,
  },
  notProcessed2: {
    articles: ['第三十六条第（六）项'],
    basis: `${under('第三十六条第（六）项')}本机关已就您申请公开的政府信息作出答复，您重复申请公开相同的政府信息，本机关不予重复处理。`,
  },
  notProcessed3: {
    articles: ['第三十九条第二款'],
    basis: `${under('第三十九条第二款')}您申请获取的是政府公报、报刊、书籍等公开出版物，请通过相应途径获取。`,
  },
  notProcessed4: {
    articles: ['第三十五条'],
    basis: `${under('第三十五条')}您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。`,
  },
  notProcessed5: {
    articles: [],
    basis: `您要求本机关确认或者重新出具您已获取的信息，不属于${REGULATION}所称的政府信息公开申请，本机关不予处理。`,
    note: '条例未设明文条款；该行为不属于获取政府信息，年度报告格式（国办公开办函〔2021〕30号）单列为不予处理。',
  },
  other1: {
    articles: ['第三十条'],
    basis: `${under('第三十条')}您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的政府信息公开申请。`,
  },
  other2: {
    articles: ['第四十二条'],
    otherSources: ['《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）'],
    basis: `根据${REGULATION}第四十二条和《政府信息公开信息处理费管理办法》的规定，您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。`,
  },
  other3: {
    articles: [],
    basis: '本机关对您的政府信息公开申请作其他处理，理由详见本答复。',
    note: '条例未列举的其他情形，如申请人撤回申请。',
  },
};

/** The sentence recorded when the applicant withdraws the application (counted as 其他处理 3). */
export const WITHDRAWAL_BASIS = '申请人撤回政府信息公开申请，本机关终止处理。';

/** The outcomes in the printed order of table 三, keys and labels from report-format.ts. */
export const OUTCOMES: readonly OutcomeDefinition[] = table3Rows('2021')
  .filter((row) => row.result)
  .map((row) => {
    const code = row.key as OutcomeCode;
    const legal = LEGAL_BASES[code];
    if (!legal || !row.group) throw new Error(`table 三 result row without a legal basis: ${row.key}`);
    const definition: OutcomeDefinition = {
      code,
      label: row.label,
      group: row.group,
      groupLabel: row.groupLabel ?? row.label,
      articles: legal.articles,
      otherSources: legal.otherSources ?? [],
      basis: legal.basis,
    };
    if (legal.note) definition.note = legal.note;
    return definition;
  });

export const OUTCOME_CODES: readonly OutcomeCode[] = OUTCOMES.map((o) => o.code);

if (OUTCOME_CODES.length !== Object.keys(LEGAL_BASES).length)
  throw new Error('the outcome codes differ from the result rows of table 三');

const BY_CODE = new Map(OUTCOMES.map((o) => [o.code, o]));

export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === 'string' && BY_CODE.has(value as OutcomeCode);
}

export function outcome(code: OutcomeCode): OutcomeDefinition {
  const found = BY_CODE.get(code);
  if (!found) throw new Error(`unknown outcome: ${code}`);
  return found;
}

/** The outcome as a list or a letter names it: 予以公开, 不予公开（4.保护第三方合法权益）. */
export function outcomeTitle(code: OutcomeCode): string {
  const o = outcome(code);
  const group = TABLE3_GROUP_LABELS[o.group];
  return o.group === 'granted' || o.group === 'partial' ? group : `${group}（${o.label}）`;
}

/** Outcomes that close an application through their own event, never through a decision. */
export const OUTCOMES_BY_EVENT = {
  supplement_expired: 'other1',
  fee_expired: 'other2',
  withdrawn: 'other3',
} as const satisfies Record<string, OutcomeCode>;

/** Reasons that may be given for the withheld part of a 部分公开 decision (art. 37). */
export function mayJustifyWithheldPart(code: OutcomeCode): boolean {
  const group = outcome(code).group;
  return group === 'denied' || code === 'unable1' || code === 'unable2';
}

// ---------------------------------------------------------------------------------------------
// Applicant types: the six applicant columns of table 三 (art. 29: 自然人 / 法人或其他组织 with five kinds)

export const APPLICANT_TYPE_KEYS = [
  'naturalPerson',
  'commercialEnterprise',
  'researchInstitution',
  'publicInterestOrganisation',
  'legalServiceProvider',
  'otherOrganisation',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPE_KEYS)[number];

export interface ApplicantTypeDefinition {
  key: ApplicantType;
  /** The applicant column's printed label (report-format.ts). */
  label: string;
  /** Index of the column in table 三. */
  column: number;
  /** One of the five 法人或其他组织 columns. */
  legalPerson: boolean;
}

if (APPLICANT_TYPE_KEYS.length !== TOTAL_COLUMN)
  throw new Error('the applicant types differ from the applicant columns of table 三');

export const APPLICANT_TYPES: readonly ApplicantTypeDefinition[] = APPLICANT_TYPE_KEYS.map((key, column) => ({
  key,
  label: APPLICANT_COLUMNS[column]!,
  column,
  legalPerson: column > 0,
}));

const APPLICANT_COLUMN_OF = new Map(APPLICANT_TYPES.map((t) => [t.key, t.column]));

export function isApplicantType(value: unknown): value is ApplicantType {
  return typeof value === 'string' && APPLICANT_COLUMN_OF.has(value as ApplicantType);
}

export function applicantColumn(type: ApplicantType): number {
  const column = APPLICANT_COLUMN_OF.get(type);
  if (column === undefined) throw new Error(`unknown applicant type: ${type}`);
  return column;
}
