// The planted people of the leak scan: fictional, each detail unique and valid (身份证号 with its
// GB 11643 check digit, a mobile, a UnionPay card with its Luhn digit), and their canaries.
// Light on purpose: the scanner's own tests use it without loading the app.
import { Document, Packer, Paragraph } from 'docx';
import { luhnValid } from '../../src/disclosures/personal-data.ts';
import { residentIdCheckCharacter } from '../../src/kernel/resident-id.ts';
import type { Canary } from './leak-scanner.ts';

const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

/** A fictional person whose every detail is unique to the scan. */
export interface Person {
  key: string;
  name: string;
  idNumber: string;
  mobile: string;
  bankCard: string;
  email: string;
  address: string;
  /** A phrase of their own writing (a request, a complaint), unique to them. */
  marker: string;
}

const SURNAMES = '隗禤逄酆甯郗佴蒯咸戢';
const GIVEN = '甲乙丙丁戊己庚辛壬癸';
const BRANCH = '子丑寅卯辰巳午未申酉戌亥';

function withLuhn(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/** The n-th planted person (0 ≤ n < 100,000): valid 身份证号, a mobile, a UnionPay card, an e-mail. */
export function person(n: number): Person {
  const year = 1960 + (n % 40);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const seq = String(n % 1000).padStart(3, '0');
  return {
    key: `p${n}`,
    name: `${SURNAMES[n % 10]}探${GIVEN[Math.floor(n / 10) % 10]}${BRANCH[Math.floor(n / 100) % 12]}`,
    idNumber: residentId(`419001${year}${month}${day}${seq}`),
    mobile: `1397${String(n).padStart(7, '0')}`,
    bankCard: withLuhn(`62220210${String(n).padStart(10, '0')}`),
    email: `tanzhen${n}.private@leakprobe.example.com`,
    address: `河南省济源示范区探针路${n}号泄露楼`,
    marker: `泄露探针第${n}号私密内容`,
  };
}

/**
 * A person's canaries. `ownerSees`: their name, e-mail, address and own writing may be shown back to
 * them on their secret-link pages (their status page, the letters addressed to them, their complaint
 * page) — their own words, in letters written to them; personal numbers never, as the code masks
 * them there (a link can be forwarded).
 */
export function canariesOf(p: Person, ownerSees = false): Canary[] {
  const owner = ownerSees ? { owner: p.key } : {};
  return [
    { value: p.name, label: `${p.key} 姓名`, match: 'text', ...owner },
    { value: p.marker, label: `${p.key} 本人所写内容`, match: 'text', ...owner },
    { value: p.idNumber, label: `${p.key} 身份证号`, match: 'digits' },
    { value: p.mobile, label: `${p.key} 手机`, match: 'digits' },
    { value: p.bankCard, label: `${p.key} 银行卡`, match: 'digits' },
    { value: p.email, label: `${p.key} 电子邮箱`, match: 'text', ...owner },
    { value: p.address, label: `${p.key} 住址`, match: 'text', ...owner },
  ];
}

/** Free text naming every detail of the person, as people write them (grouped, full-width, labelled). */
export function sentenceOf(p: Person): string {
  const grouped = `${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}`;
  const fullWidthId = p.idNumber.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  return `${p.marker}：本人${p.name}，身份证号${fullWidthId}，手机${grouped}，银行卡号${p.bankCard}，电子邮箱${p.email}，住址${p.address}。`;
}

/** A DOCX whose text is the lines. */
export async function textDocx(lines: readonly string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
