// One leak scan from start to end, shared by the small test (leak-scan.test.ts) and the big run
// (`npm run leak-scan`, leak-scan.ts): a web fixture, optionally the demo installation, planted
// personal data (leak-seed.ts), published annual reports, then every public output crawled
// (leak-crawl.ts) and scanned (leak-scanner.ts); the owners' secret-link pages scanned with their
// owner's allowance; and a staff page that legitimately shows the data scanned as a positive control.
import { approveReport, publishReport } from '../../src/annual-reports/index.ts';
import { listRoutes } from '../../src/app.ts';
import type { Engine } from '../../src/db/database.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { publishedItem, staff } from '../../src/disclosures/testing.ts';
import { Browser, createWebFixture, type WebFixture } from '../../src/web/testing.ts';
import { controlOf, crawlPublic, responseText, targetsOf } from './leak-crawl.ts';
import { type Canary, describeLeak, type Leak, scanForLeaks } from './leak-scanner.ts';
import { canariesInDatabase, type LeakSeed, plantPersonalData } from './leak-seed.ts';

export const PUBLIC_ORIGIN = 'https://gongkai.example';

export interface LeakRunOptions {
  engine: Engine;
  /** Rounds of planted records (each: two applications, two complaints, a rating). */
  scale: number;
  /** Also the demo installation (济源示范区, 承留镇 with its 2022 data and 便民服务大厅). */
  demo: boolean;
  /** Published items with planted-looking but harmless text, to make the corpus larger. */
  extraItems: number;
  /** Links followed beyond the routes' own URLs. */
  maxPages: number;
  /** How many planted values are typed into search, suggestions and error URLs. */
  maxProbes: number;
  log?: (line: string) => void;
}

export interface LeakFinding {
  url: string;
  leak: Leak;
}

export interface LeakRunResult {
  seed: LeakSeed;
  /** Canaries found in the database (each planted value really stored). */
  canariesStored: number;
  /** The labels of planted canaries not found in the database (should be none). */
  canariesMissing: string[];
  canariesTotal: number;
  /** Public GET routes fetched, and those without a record to fill them. */
  routesFetched: string[];
  routesWithoutTargets: string[];
  /** Outputs scanned: public URLs, owner pages, responses to submissions. */
  outputs: number;
  /** Of which: probes (search, suggestions, error pages with planted values). */
  probeOutputs: number;
  ownerOutputs: number;
  /** Owner pages not answered 200 (404 for what is not theirs) or without Cache-Control: no-store. */
  ownerProblems: string[];
  /** Bytes of text scanned. */
  textBytes: number;
  findings: LeakFinding[];
  /** The positive control: the staff page's canaries the scanner found, out of those expected. */
  control: { found: string[]; expected: string[]; patternKinds: string[] };
  /** Whether the annual reports' PDF export was rendered (chromium present) and scanned. */
  pdfExport: 'rendered' | 'no-browser';
  timings: Record<string, number>;
}

/** Contacts every agency publishes on purpose (its settings' e-mail and telephone numbers). */
async function publishedContacts(f: WebFixture): Promise<{ emails: string[]; numbers: string[] }> {
  const rows = await f.database.db.selectFrom('agencies').select('settings').execute();
  const emails: string[] = [];
  const numbers: string[] = [];
  for (const row of rows) {
    const contact = (JSON.parse(row.settings || '{}') as { contact?: Record<string, string> }).contact ?? {};
    if (contact.email) emails.push(contact.email);
    for (const field of [contact.phone, contact.fax])
      for (const n of (field ?? '').split(/[、,，;；\s]+/)) if (n.trim() !== '') numbers.push(n.trim());
  }
  return { emails, numbers };
}

/** Every natural person's numbers already in the database (the demo's applicants and complainants). */
async function storedPeople(f: WebFixture): Promise<Canary[]> {
  const db = f.database.db;
  const canaries: Canary[] = [];
  const applicants = await db
    .selectFrom('applications')
    .select(['id_number', 'phone', 'email'])
    .where('applicant_type', '=', 'naturalPerson')
    .execute();
  for (const a of applicants) {
    if (a.id_number && /^\d{17}[\dX]$/.test(a.id_number))
      canaries.push({ value: a.id_number, label: '已存申请人身份证号', match: 'digits' });
    if (a.phone && /^1\d{10}$/.test(a.phone))
      canaries.push({ value: a.phone, label: '已存申请人手机', match: 'digits' });
    if (a.email) canaries.push({ value: a.email, label: '已存申请人电子邮箱', match: 'text' });
  }
  const complainants = await db.selectFrom('service_complaints').select('complainant_phone').execute();
  for (const c of complainants)
    if (/^1\d{10}$/.test(c.complainant_phone))
      canaries.push({ value: c.complainant_phone, label: '已存投诉人电话', match: 'digits' });
  const unique = new Map(canaries.map((c) => [`${c.match}:${c.value}`, c]));
  return [...unique.values()];
}

export async function runLeakScan(options: LeakRunOptions): Promise<LeakRunResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
    log(`${name}: ${timings[name]} ms`);
  };
  const f = await createWebFixture(options.engine, { config: { publicUrl: PUBLIC_ORIGIN } });
  try {
    if (options.demo) {
      await seedDemo(f.ctx);
      lap('demo seeded');
    }
    const seed = await plantPersonalData(f, { scale: options.scale });
    lap(`planted (${seed.people.length} people)`);
    for (let i = 0; i < options.extraItems; i++) {
      const town = i % 2 === 0 ? f.sili : f.chengliu;
      await publishedItem(f.ctx, town.id, `leak.bulk.${i}`, {
        content: { title: `探针批量公告第${i}号`, documentNumber: `探〔2026〕${i + 1}号` },
      });
    }
    if (options.extraItems > 0) lap(`${options.extraItems} extra items published`);
    // A published annual report per town, so that its page and DOCX/XLSX/PDF exports are crawled.
    for (const town of [f.sili, f.chengliu]) {
      const approver = await staff(f.ctx, town.id, `leak.report.${town.id.slice(0, 8)}`, ['approver']);
      await approveReport(f.ctx, approver, { agencyId: town.id, year: 2025 });
      await publishReport(f.ctx, approver, { agencyId: town.id, year: 2025 });
    }
    const stored = await storedPeople(f);
    const canaries = [
      ...seed.canaries,
      ...stored.filter((c) => !seed.canaries.some((s) => s.value === c.value)),
    ];
    const inDatabase = await canariesInDatabase(f.database, seed.storedCanaries);
    lap('reports published, canaries checked in the database');

    const contacts = await publishedContacts(f);
    const allowedEmails = [...seed.allowedEmails, ...contacts.emails];
    const allowedNumbers = [...seed.allowedNumbers, ...contacts.numbers];
    const findings: LeakFinding[] = [];
    let textBytes = 0;
    const scan = (url: string, text: string, extra: Parameters<typeof scanForLeaks>[1] = {}) => {
      textBytes += text.length;
      for (const leak of scanForLeaks(text, { allowedEmails, allowedNumbers, canaries, ...extra }))
        findings.push({ url, leak });
    };

    const probes = seed.probes.slice(0, options.maxProbes);
    const routes = listRoutes(f.app);
    const crawl = await crawlPublic(f.app, {
      routes,
      targets: await targetsOf(f.database),
      origin: PUBLIC_ORIGIN,
      probes,
      maxPages: options.maxPages,
      progress: (n) => {
        if (n % 500 === 0) log(`  fetched ${n}`);
      },
    });
    lap(`crawled ${crawl.outputs.length} outputs`);
    for (const output of crawl.outputs)
      scan(output.url, output.text, output.echo === undefined ? {} : { echo: output.echo });

    // Public POST forms asked with planted values by a stranger: the lookup of someone else's
    // tracking number with a wrong secret, and the sign-in form with a planted e-mail as user name.
    const stranger = new Browser(f.app, '198.19.0.7');
    const tracking = seed.probes.find((p) => /^YSQ/.test(p));
    let posts = 0;
    if (tracking !== undefined) {
      await stranger.get('/apply/lookup');
      const lookup = await stranger.post('/apply/lookup', {
        trackingNumber: tracking,
        token: 'x'.repeat(43),
      });
      scan('POST /apply/lookup', await responseText(lookup));
      posts++;
    }
    const email = seed.people[1]!.email;
    const asked = async (username: string) => {
      const b = new Browser(f.app, `198.19.1.${++posts}`);
      await b.get('/office/login');
      return responseText(await b.post('/office/login', { username, password: 'wrong-password-1' }));
    };
    scan('POST /office/login', await asked(email), {
      echo: { value: email, control: controlOf(email), controlText: await asked(controlOf(email)) },
    });
    posts++;

    // The owners' own pages (status page, letters, complaint page) and the confirmations they got.
    let ownerOutputs = 0;
    // Pages with an owner's data are answered 200 and never stored by a browser or a proxy.
    const ownerProblems: string[] = [];
    for (const owner of seed.owners) {
      for (const path of owner.paths) {
        const response = await f.app.inject({ method: 'GET', url: path, remoteAddress: '198.19.2.1' });
        if (response.statusCode !== 200) ownerProblems.push(`${owner.label}: ${response.statusCode}`);
        if (!String(response.headers['cache-control'] ?? '').includes('no-store'))
          ownerProblems.push(`${owner.label}: ${path.split('?')[0]} may be cached`);
        scan(
          `${owner.label}: GET ${path.replace(/token=[^&]+/, 'token=…').replace(/complaints\/[^/?]+/, 'complaints/…')}`,
          await responseText(response),
          { owner: owner.owner, allowedEmails: [...allowedEmails, owner.email] },
        );
        ownerOutputs++;
      }
      for (const path of owner.refused) {
        const response = await f.app.inject({ method: 'GET', url: path, remoteAddress: '198.19.2.2' });
        if (response.statusCode !== 404)
          ownerProblems.push(
            `${owner.label}: ${path.split('?')[0]} answered ${response.statusCode}, not 404`,
          );
        scan(`${owner.label}: refused GET ${path.split('?')[0]}`, await responseText(response), {
          owner: owner.owner,
          allowedEmails: [...allowedEmails, owner.email],
        });
        ownerOutputs++;
      }
      for (const { url, response } of owner.responses) {
        if (!String(response.headers['cache-control'] ?? '').includes('no-store'))
          ownerProblems.push(`${owner.label}: ${url} may be cached`);
        scan(`${owner.label}: ${url}`, await responseText(response), {
          owner: owner.owner,
          allowedEmails: [...allowedEmails, owner.email],
        });
        ownerOutputs++;
      }
    }
    lap('scanned');

    // Positive control: the clerk's page of the application shows the data, and the scan sees it.
    const clerk = new Browser(f.app, '198.19.3.1');
    await clerk.signIn(seed.staffControl.username);
    const staffPage = await clerk.get(seed.staffControl.path);
    const controlText = await responseText(staffPage);
    const controlLeaks = scanForLeaks(controlText, { canaries: seed.staffControl.canaries });
    const control = {
      found: controlLeaks.filter((l) => l.kind === 'planted').map((l) => l.label ?? ''),
      expected: seed.staffControl.canaries.map((c) => c.label),
      patternKinds: [...new Set(controlLeaks.filter((l) => l.kind !== 'planted').map((l) => l.kind))].sort(),
    };
    return {
      seed,
      canariesStored: inDatabase.size,
      canariesMissing: seed.storedCanaries.filter((c) => !inDatabase.has(c)).map((c) => c.label),
      canariesTotal: seed.storedCanaries.length,
      routesFetched: [...crawl.routesFetched].sort(),
      routesWithoutTargets: crawl.routesWithoutTargets,
      outputs: crawl.outputs.length + posts + ownerOutputs,
      probeOutputs: crawl.outputs.filter((o) => o.echo !== undefined).length,
      ownerOutputs,
      ownerProblems,
      textBytes,
      findings,
      control,
      pdfExport: crawl.outputs.some((o) => o.url.endsWith('/report.pdf') && o.status === 200)
        ? 'rendered'
        : 'no-browser',
      timings,
    };
  } finally {
    await f.close();
  }
}

/** The findings as lines: URL, kind, masked value; the same leak on many URLs counted once per URL. */
export function describeFindings(findings: readonly LeakFinding[], max = 50): string {
  const lines = findings.slice(0, max).map((f) => describeLeak(f.url, f.leak));
  if (findings.length > max) lines.push(`… and ${findings.length - max} more`);
  return lines.join('\n');
}
