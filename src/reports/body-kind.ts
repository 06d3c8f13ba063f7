// What kind of body publishes a report, read from its name. It decides who may issue 规章
// (条例第二十条; 立法法) and which publication deadline applies (条例第四十九条).

export type BodyKind =
  | 'township'
  | 'county-government'
  | 'city-government'
  | 'province-government'
  | 'department'
  | 'unknown';

export function classifyBody(name: string | null): BodyKind {
  if (!name) return 'unknown';
  const n = name.replace(/\s+/g, '');
  if (/(人民政府)?(办公厅|办公室)$/.test(n) && /人民政府/.test(n)) return 'department';
  if (/(乡|镇|苏木)(人民政府)?$/.test(n) || /街道(办事处)?$/.test(n)) return 'township';
  if (/(省|自治区)人民政府$/.test(n) || /^(北京|天津|上海|重庆)市人民政府$/.test(n))
    return 'province-government';
  if (/(区|县|旗|自治县|自治旗|林区|特区)人民政府$/.test(n)) return 'county-government';
  if (/(市|州|盟|地区)人民政府$/.test(n) || /行政公署$/.test(n)) return 'city-government';
  if (/(局|委员会|委|办|厅|署|中心|院|所|站|队|部)$/.test(n)) return 'department';
  return 'unknown';
}

/** Governments with rule-making power (立法法第九十三条): provinces and 设区的市. */
export function mayIssueRegulations(kind: BodyKind): boolean | null {
  if (kind === 'township' || kind === 'county-government') return false;
  if (kind === 'province-government') return true;
  return null;
}

/** Whether the body publishes the government-level report, due 31 March instead of 31 January. */
export function isGovernmentSummaryReport(kind: BodyKind): boolean {
  return kind === 'county-government' || kind === 'city-government' || kind === 'province-government';
}
