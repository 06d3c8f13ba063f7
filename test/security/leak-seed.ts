// The leak scan's seed: personal data planted in every private place of gongkai, through the same
// forms and use cases a citizen or a clerk would use, so that the crawl (leak-crawl.ts) can prove
// none of it reaches a public output. Each planted person is a set of canaries (leak-scanner.ts).
// Places: 依申请公开 online (the portal form, its ID proof file's name and text, the request text,
// the applicant's 补正 through the status page) and registered by staff, the 补正 notice's items, the
// 征求意见 letter's third party, the 延期 and reply letters' texts, a 复议 case's notes; 效能投诉 online
// (the portal form) and by telephone, with its answer; a 办事评价's reason; the agency's reminder
// address (机构设置); and an item whose title, summary, body, attachment names and attachment texts
// hold personal numbers, taken through the real 保密审查 (the gate must refuse, redaction and removal
// must clean it).
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { type Principal, systemActor, updateAgency } from '../../src/agencies/index.ts';
import { decideAppeal, recordAppeal } from '../../src/appeals/index.ts';
import { OUTCOMES, recordApplicationEvent, registerApplication } from '../../src/applications/index.ts';
import type { Database } from '../../src/db/database.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  publish,
  redactItem,
  returnItem,
  signReview,
  submitForReview,
  updateDraft,
} from '../../src/disclosures/index.ts';
import { content as itemContent, staff, textPdf } from '../../src/disclosures/testing.ts';
import {
  answerComplaint,
  assignComplaint,
  createItem as createServiceItem,
  createWindow as createServiceWindow,
  registerHotlineComplaint,
  registerServiceEvent,
} from '../../src/services/index.ts';
import { sampleItem } from '../../src/services/testing.ts';
import { Browser, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';
import { canariesOf, type Person, person, sentenceOf, textDocx } from './leak-people.ts';
import type { Canary } from './leak-scanner.ts';

export { canariesOf, type Person, person, sentenceOf, textDocx };

/** An XLSX list with a blank merged header (the layout that once hid a file's text from the scan). */
export async function listXlsx(p: Person): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.mergeCells('A1:D1');
  sheet.addRow(['姓名', '身份证号', '手机', '银行卡号']);
  sheet.addRow([p.name, p.idNumber, p.mobile, p.bankCard]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** ASCII lines of a person's numbers, for a PDF (Helvetica has no Chinese). */
function pdfLines(p: Person): string[] {
  return [`ID: ${p.idNumber}`, `Mobile: ${p.mobile}`, `Card: ${p.bankCard}`, `Mail: ${p.email}`];
}

type Fields = Record<string, string>;
interface FilePart {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Fields, files: Record<string, FilePart>): { payload: Buffer; type: string } {
  const boundary = `----gongkaiLeak${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  for (const [name, file] of Object.entries(files)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
    );
    chunks.push(Buffer.from(file.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function postMultipart(
  browser: Browser,
  pageUrl: string,
  fields: Fields,
  files: Record<string, FilePart>,
): Promise<LightMyRequestResponse> {
  const page = await browser.get(pageUrl);
  assert.equal(page.statusCode, 200, `${pageUrl}: ${page.statusCode}`);
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1];
  assert.ok(action, `a multipart form on ${pageUrl}`);
  const { payload, type } = multipart(fields, files);
  return browser.app.inject({
    method: 'POST',
    url: unescapeHtml(action),
    remoteAddress: browser.ip,
    headers: {
      'content-type': type,
      ...(browser.cookies.size > 0 ? { cookie: browser.cookieHeader() } : {}),
    },
    payload,
  });
}

/** An output fetched with an owner's secret: their own name and writing may appear in it. */
export interface OwnerOutput {
  owner: string;
  /** The owner's own e-mail address: theirs to see on their own pages. */
  email: string;
  label: string;
  /** GET paths that show the owner's own record (status page, letters, complaint page). */
  paths: string[];
  /** Paths with the owner's secret that must answer 404 (records that are not theirs to read). */
  refused: string[];
  /** Responses the seed received to the owner's own submissions (the confirmation pages). */
  responses: { url: string; response: LightMyRequestResponse }[];
}

export interface LeakSeed {
  canaries: Canary[];
  /** The canaries of the private places (all but the redacted item's), each one stored. */
  storedCanaries: Canary[];
  /** Pages of the owners' secret links. */
  owners: OwnerOutput[];
  /** Published on purpose: the agencies' contact e-mails and numbers. */
  allowedEmails: string[];
  allowedNumbers: string[];
  /** A staff page and the canaries it legitimately shows (the scan's positive control). */
  staffControl: { username: string; path: string; canaries: Canary[] };
  /** Strings a visitor could type into the search and lookup forms. */
  probes: string[];
  /** How the item with personal numbers went through the 保密审查. */
  gate: {
    findingsOnSubmit: number;
    /** The files whose content findings the gate reported (PDF, DOCX, XLSX). */
    filesWithFindings: string[];
    refusedUnredacted: boolean;
    redacted: number;
    refusedWithFiles: boolean;
  };
  /** The item published after redaction (its public page is crawled with the rest). */
  redactedItem: { agencyId: string; itemId: string };
  people: Person[];
}

let ipCounter = 0;
const nextBrowser = (f: WebFixture) => new Browser(f.app, `203.0.113.${(++ipCounter % 250) + 1}`);

/**
 * Plants `scale` rounds of personal data (each round: two applications, two complaints, a rating)
 * into the fixture's towns, and one item through the 保密审查. Person numbers start at `base`.
 */
export async function plantPersonalData(
  f: WebFixture,
  options: { scale?: number; base?: number } = {},
): Promise<LeakSeed> {
  const scale = options.scale ?? 1;
  let n = options.base ?? 1;
  const next = () => person(n++);
  const operator = systemActor('leak-seed');
  const town = f.sili;
  const today = f.clock.now.toISOString().slice(0, 10);
  const canaries: Canary[] = [];
  const owners: OwnerOutput[] = [];
  const people: Person[] = [];
  const probes: string[] = [];
  const handler = await staff(f.ctx, town.id, `leak.handler.${n}`, ['handler', 'approver']);
  const service = await staff(f.ctx, town.id, `leak.service.${n}`, ['service', 'editor']);

  // 机构设置: the published contacts are allowed; the reminder address is a clerk's own mailbox.
  const reminder = next();
  people.push(reminder);
  canaries.push({ value: reminder.email, label: '机构设置 提醒邮箱（工作人员个人邮箱）', match: 'text' });
  const publicEmail = 'gongkai@sili.example.gov.cn';
  const publicMobile = '13903916611';
  await updateAgency(f.ctx, operator, {
    agencyId: town.id,
    settings: {
      contact: { office: '思礼镇党政综合办公室', phone: `0391-6611234、${publicMobile}`, email: publicEmail },
      reminderEmail: reminder.email,
    },
  });

  // 政务服务: a window and an item for 办件, ratings and complaints.
  const window = await createServiceWindow(f.ctx, operator, {
    agencyId: town.id,
    window: {
      name: '探针窗口',
      hours: '周一至周五 8:30-12:00',
      phone: '0391-6612345',
      location: '一楼',
      position: 1,
    },
  });
  const serviceItem = await createServiceItem(f.ctx, operator, {
    agencyId: town.id,
    item: sampleItem({ name: '探针事项', window: '探针窗口' }),
  });

  let staffControl: LeakSeed['staffControl'] | undefined;
  for (let round = 0; round < scale; round++) {
    // 1. Online application through the portal form, with an ID proof whose name and text hold numbers.
    const applicant = next();
    const thirdParty = next();
    const agent = next();
    people.push(applicant, thirdParty, agent);
    // The third party is named in the 征求意见函 only: its name and address (the letter is stored
    // with the telephone already masked).
    const consulted = canariesOf(thirdParty).filter((c) => /姓名|住址/.test(c.label));
    canaries.push(...canariesOf(applicant, true), ...consulted, ...canariesOf(agent));
    probes.push(
      applicant.name,
      applicant.idNumber,
      applicant.mobile,
      applicant.mobile.slice(3),
      applicant.marker,
    );
    const browser = nextBrowser(f);
    const applied = await postMultipart(
      browser,
      `/agencies/${town.id}/apply`,
      {
        applicantType: 'naturalPerson',
        name: applicant.name,
        organisationCode: '',
        idKind: 'id_card',
        idNumber: applicant.idNumber,
        phone: applicant.mobile,
        email: applicant.email,
        address: applicant.address,
        description: `申请公开2025年探针项目补偿名单。${sentenceOf(applicant)}`,
        documentNumber: '',
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
      },
      {
        idProof: {
          filename: `身份证${applicant.idNumber}-${applicant.mobile}.pdf`,
          contentType: 'application/pdf',
          content: textPdf(pdfLines(applicant)),
        },
      },
    );
    assert.equal(applied.statusCode, 200, applied.body.slice(0, 400));
    const token = /href="\/apply\/status\?token=([A-Za-z0-9_-]+)"/.exec(applied.body)?.[1];
    assert.ok(token, 'the confirmation links the status page');
    const row = await f.database.db
      .selectFrom('applications')
      .select(['id', 'tracking_number'])
      .where('id_number', '=', applicant.idNumber)
      .executeTakeFirstOrThrow();
    const applicationId = row.id;
    probes.push(row.tracking_number);
    // 补正: the notice's items (the clerk quotes the number that could not be reached), then the
    // applicant's correction through the status page, with a file (recorded as supplement_received).
    await recordApplicationEvent(f.ctx, handler, applicationId, {
      type: 'supplement_requested',
      at: today,
      items: [
        `所留电话${applicant.mobile}无法接通，请补充有效联系方式`,
        `请说明${applicant.marker}所指的项目`,
      ],
      correctionDue: '2026-12-31',
    });
    const supplemented = await postMultipart(
      browser,
      `/apply/status?token=${token}`,
      { token, text: `补正说明：${sentenceOf(applicant)}` },
      {
        file: {
          filename: `补正材料${applicant.bankCard}.pdf`,
          contentType: 'application/pdf',
          content: textPdf(pdfLines(applicant)),
        },
      },
    );
    assert.equal(supplemented.statusCode, 200, supplemented.body.slice(0, 400));
    // 征求第三方意见: the letter names the third party, whom the applicant must not learn.
    await recordApplicationEvent(
      f.ctx,
      handler,
      applicationId,
      { type: 'consultation_started', at: today, party: 'third_party' },
      { letter: { recipientName: `${thirdParty.name}（${thirdParty.address}，电话${thirdParty.mobile}）` } },
    );
    await recordApplicationEvent(f.ctx, handler, applicationId, { type: 'consultation_ended', at: today });
    await recordApplicationEvent(
      f.ctx,
      handler,
      applicationId,
      { type: 'extension_approved', at: today, approver: '探针主任', days: 10, noticeOn: today },
      { letter: { extensionReason: `需核对申请人手机${applicant.mobile}登记的信息` } },
    );
    const partial = OUTCOMES.find((o) => o.code === 'partial')!;
    await recordApplicationEvent(
      f.ctx,
      handler,
      applicationId,
      { type: 'decided', at: today, outcome: 'partial', legalBasis: partial.basis, withheld: ['denied4'] },
      { letter: { details: `已按申请人电子邮箱${applicant.email}和银行卡${applicant.bankCard}核实身份。` } },
    );
    await recordApplicationEvent(f.ctx, handler, applicationId, { type: 'reply_delivered', at: today });
    // 复议: the case's notes name the applicant and the agent.
    const appeal = await recordAppeal(f.ctx, handler, {
      applicationId,
      kind: 'reconsideration',
      caseNumber: `济示复〔2026〕${n}号`,
      filedOn: today,
      notes: `申请人${applicant.name}（${applicant.idNumber}），代理人${sentenceOf(agent)}`,
    });
    await decideAppeal(f.ctx, handler, appeal.id, { result: '纠正', closedOn: today });
    const letters = await f.database.db
      .selectFrom('letters')
      .select(['id', 'kind'])
      .where('application_id', '=', applicationId)
      .execute();
    const letterPath = (id: string) => `/apply/letter.docx?token=${token}&letter=${encodeURIComponent(id)}`;
    owners.push({
      owner: applicant.key,
      email: applicant.email,
      label: `申请人 ${applicant.key} 的申请`,
      paths: [
        `/apply/status?token=${token}`,
        ...letters.filter((l) => l.kind !== 'consultation_letter').map((l) => letterPath(l.id)),
      ],
      // The 征求意见函 is the third party's letter: not the applicant's to read.
      refused: letters.filter((l) => l.kind === 'consultation_letter').map((l) => letterPath(l.id)),
      responses: [
        { url: `POST /agencies/${town.id}/apply`, response: applied },
        { url: 'POST /apply/status/supplement', response: supplemented },
      ],
    });
    staffControl ??= {
      // The fixture's 李办理 handles 思礼镇's applications and signs in with the known password.
      username: f.users.siliClerk.username,
      path: `/office/agencies/${town.id}/applications/${applicationId}`,
      canaries: canariesOf(applicant).filter((c) => /身份证号|手机|电子邮箱|住址/.test(c.label)),
    };

    // 2. An application registered by the clerk from a letter, with its ID proof.
    const byLetter = next();
    people.push(byLetter);
    canaries.push(...canariesOf(byLetter));
    probes.push(byLetter.name, byLetter.idNumber);
    await registerApplication(f.ctx, handler, {
      agencyId: town.id,
      channel: 'letter',
      receivedOn: today,
      applicant: {
        applicantType: 'naturalPerson',
        name: byLetter.name,
        idKind: 'id_card',
        idNumber: byLetter.idNumber,
        phone: byLetter.mobile,
        email: byLetter.email,
        address: byLetter.address,
      },
      request: {
        description: `来信申请：${sentenceOf(byLetter)}`,
        documentNumber: null,
        deliveryForm: 'paper',
        deliveryChannel: 'post',
      },
      idProof: {
        filename: `${byLetter.name}身份证${byLetter.idNumber}.pdf`,
        mediaType: 'application/pdf',
        content: textPdf(pdfLines(byLetter)),
      },
    });

    // 3. 效能投诉 through the portal form, then assigned and answered.
    const complainant = next();
    people.push(complainant);
    canaries.push(...canariesOf(complainant, true));
    probes.push(complainant.name, complainant.mobile);
    const complaintBrowser = nextBrowser(f);
    await complaintBrowser.get(`/agencies/${town.id}/services/complaints/new`);
    const complained = await complaintBrowser.post(`/agencies/${town.id}/services/complaints/new`, {
      window: window.id,
      item: serviceItem.id,
      content: `窗口人员态度恶劣。${sentenceOf(complainant)}`,
      complainantName: complainant.name,
      complainantPhone: complainant.mobile,
    });
    assert.equal(complained.statusCode, 200, complained.body.slice(0, 400));
    const complaintToken = /\/complaints\/([A-Za-z0-9_-]{20,})/.exec(complained.body)?.[1];
    assert.ok(complaintToken, 'the confirmation shows the complainant’s link');
    const complaint = await f.database.db
      .selectFrom('service_complaints')
      .select('id')
      .where('complainant_phone', '=', complainant.mobile)
      .executeTakeFirstOrThrow();
    await assignComplaint(f.ctx, service, {
      agencyId: town.id,
      complaintId: complaint.id,
      assigneeId: service.user.id,
    });
    await answerComplaint(f.ctx, service, {
      agencyId: town.id,
      complaintId: complaint.id,
      answer: `已于当日电话联系投诉人（${complainant.mobile}），并核实其银行卡${complainant.bankCard}的退费。`,
    });
    owners.push({
      owner: complainant.key,
      email: complainant.email,
      label: `投诉人 ${complainant.key} 的投诉`,
      paths: [`/complaints/${complaintToken}`],
      refused: [],
      responses: [{ url: `POST /agencies/${town.id}/services/complaints/new`, response: complained }],
    });

    // 4. 效能投诉 by telephone, typed in by the clerk.
    const caller = next();
    people.push(caller);
    canaries.push(...canariesOf(caller));
    await registerHotlineComplaint(f.ctx, service, {
      agencyId: town.id,
      windowId: window.id,
      itemId: null,
      content: `来电反映：${sentenceOf(caller)}`,
      complainantName: caller.name,
      complainantPhone: caller.mobile,
    });

    // 5. 办件 and its 办事评价 through the portal form, the reason naming the person.
    const rater = next();
    people.push(rater);
    canaries.push(...canariesOf(rater));
    const { code } = await registerServiceEvent(f.ctx, service, {
      agencyId: town.id,
      itemId: serviceItem.id,
      channel: 'window',
      windowId: window.id,
    });
    const rateBrowser = nextBrowser(f);
    await rateBrowser.get(`/agencies/${town.id}/services/rate?code=${encodeURIComponent(code)}`);
    const rated = await rateBrowser.post(`/agencies/${town.id}/services/rate`, {
      code,
      level: 'dissatisfied',
      reason: `多次往返。${sentenceOf(rater)}`,
    });
    assert.equal(rated.statusCode, 200, rated.body.slice(0, 400));
  }

  // 6. An item holding personal numbers, through the real 保密审查.
  const leaked = next();
  people.push(leaked);
  // Scanned for, but not expected in the database: the redaction masks them in place.
  const numbers = canariesOf(leaked).filter((c) => c.match === 'digits');
  const storedCanaries = [...canaries];
  canaries.push(...numbers);
  const editor = await staff(f.ctx, town.id, `leak.editor.${n}`, ['editor']);
  const reviewer = await staff(f.ctx, town.id, `leak.reviewer.${n}`, ['reviewer']);
  const approver = await staff(f.ctx, town.id, `leak.approver.${n}`, ['approver']);
  const grouped = `${leaked.mobile.slice(0, 3)}-${leaked.mobile.slice(3, 7)}-${leaked.mobile.slice(7)}`;
  const { itemId, findings } = await createDraft(f.ctx, editor, {
    agencyId: town.id,
    content: itemContent({
      title: `探针补助对象公示（联系电话${leaked.mobile}）`,
      summary: `补助对象身份证号${leaked.idNumber}。`,
      bodyHtml: `<p>补助对象：身份证号${leaked.idNumber}，手机${grouped}，银行卡号${leaked.bankCard}。</p><p><a href="https://bank.example.com/pay?card=${leaked.bankCard}">查询</a></p>`,
      keywords: `补助，${leaked.mobile}`,
    }),
    attachments: [
      { filename: `补助名单-${leaked.idNumber}.pdf`, content: textPdf(['Notice']) },
      { filename: '补助名单明细.pdf', content: textPdf(pdfLines(leaked)) },
      { filename: '补助名单明细.docx', content: await textDocx([sentenceOf(leaked)]) },
      { filename: '补助名单明细.xlsx', content: await listXlsx(leaked) },
    ],
  });
  assert.ok(findings.length > 0, 'the draft’s numbers are found when it is saved');
  const submitted = await submitForReview(f.ctx, editor, itemId);
  const refused = async (step: () => Promise<unknown>) => {
    try {
      await step();
      return false;
    } catch (error) {
      return (error as { code?: string }).code !== undefined;
    }
  };
  const refusedUnredacted = await refused(() =>
    signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS }),
  );
  const { redacted } = await redactItem(f.ctx, reviewer, itemId);
  // The files' content cannot be redacted: the review stays blocked until they are removed.
  const refusedWithFiles = await refused(() =>
    signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS }),
  );
  await returnItem(f.ctx, reviewer, itemId, { reason: '附件含有个人信息，请删除后重新提交' });
  const attachments = await f.database.db
    .selectFrom('disclosure_attachments')
    .select(['id', 'filename'])
    .where('item_id', '=', itemId)
    .execute();
  await updateDraft(f.ctx, editor, itemId, {
    removeAttachmentIds: attachments.filter((a) => a.filename.startsWith('补助名单明细')).map((a) => a.id),
  });
  await submitForReview(f.ctx, editor, itemId);
  await signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
  await approve(f.ctx, approver, itemId);
  await publish(f.ctx, approver, itemId);

  assert.ok(staffControl);
  return {
    canaries,
    storedCanaries,
    owners,
    allowedEmails: [publicEmail],
    allowedNumbers: [publicMobile],
    staffControl,
    probes,
    gate: {
      findingsOnSubmit: submitted.findings.length,
      filesWithFindings: [
        ...new Set(submitted.findings.flatMap((f) => (f.attachment ? [f.attachment.filename] : []))),
      ].sort(),
      refusedUnredacted,
      redacted,
      refusedWithFiles,
    },
    redactedItem: { agencyId: town.id, itemId },
    people,
  };
}

/** Which canaries are somewhere in the database (so that a clean crawl means something). */
export async function canariesInDatabase(
  database: Database,
  canaries: readonly Canary[],
): Promise<Set<Canary>> {
  const tables = [
    'agencies',
    'applications',
    'application_events',
    'application_files',
    'letters',
    'appeals',
    'service_complaints',
    'service_ratings',
    'disclosure_versions',
    'disclosure_attachments',
  ] as const;
  const dump: string[] = [];
  for (const table of tables) {
    const rows = await database.db.selectFrom(table).selectAll().execute();
    for (const row of rows)
      dump.push(
        JSON.stringify(row, (_, v) => {
          // Buffer.toJSON runs before the replacer: bytes arrive as { type: 'Buffer', data }.
          if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
          if (v?.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('latin1');
          return v;
        }),
      );
  }
  const text = dump.join('\n');
  const digits = text.normalize('NFKC').replace(/[^0-9X]/g, '');
  const found = new Set<Canary>();
  for (const c of canaries) {
    const present =
      c.match === 'digits' ? digits.includes(c.value.replace(/[^0-9X]/g, '')) : text.includes(c.value);
    if (present) found.add(c);
  }
  return found;
}

export type { Principal };
