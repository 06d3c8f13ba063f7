// The staff writers of the crash harness: 主动公开 items taken through the back office over HTTP as
// staff do it — an editor drafts (multipart form), submits it to 保密审查, a reviewer signs the
// review, an approver approves and publishes it now. Each step the server confirmed (303 back to the
// item page) is one acknowledgement; after a kill the checker proves every acknowledged step is
// stored and the item whole. Each staff member is a cookie-keeping client of its own address.
import { markerText } from './crash-clients.ts';

/** The usernames the harness creates in the town it publishes in (crash-harness.ts). */
export const STAFF = {
  editor: { username: 'crash.editor', displayName: '崩溃测试撰稿', roles: ['editor'] },
  reviewer: { username: 'crash.reviewer', displayName: '崩溃测试审查', roles: ['reviewer'] },
  approver: { username: 'crash.approver', displayName: '崩溃测试审批', roles: ['approver'] },
} as const;

export type StaffRole = keyof typeof STAFF;

/** The steps of one item, in order; each is acknowledged by the server's 303. */
export const PUBLICATION_STEPS = ['created', 'submitted', 'review_signed', 'approved', 'published'] as const;
export type PublicationStep = (typeof PUBLICATION_STEPS)[number];

export interface PublicationAck {
  kind: 'publication';
  marker: number;
  agencyId: string;
  itemId: string;
  /** The last step the server confirmed for the item. */
  step: PublicationStep;
  iteration: number;
}

const CSRF_INPUT = /<input type="hidden" name="_csrf" value="([^"]+)"/;
const MULTIPART_ACTION = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/;
const EVENT_COUNT = /name="expectedEventCount" value="(\d+)"/;
const CHECKLIST = /name="checklist" value="([^"]+)"/g;

const unescapeAttribute = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** What stopped a step: the server gone (a kill) or an answer that is not the confirmation. */
export class StepFailure extends Error {
  constructor(
    readonly status: number,
    readonly excerpt: string,
  ) {
    super(`HTTP ${status} ${excerpt}`);
  }
}

function excerptOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** One member of staff: a cookie jar, an address, a password. */
export class StaffClient {
  private readonly cookies = new Map<string, string>();
  base = '';

  constructor(
    readonly username: string,
    readonly password: string,
    readonly address: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';', 1);
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<{ response: Response; html: string }> {
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        'x-forwarded-for': this.address,
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
      },
    });
    this.remember(response);
    return { response, html: await response.text() };
  }

  /** The page, signing in first when the session is gone; 200 or a StepFailure. */
  async page(path: string): Promise<string> {
    let { response, html } = await this.request(path);
    // The session is gone (never made, or expired): sign in again, then the page.
    if (response.status === 303 || response.status === 302) {
      await this.signIn();
      ({ response, html } = await this.request(path));
    }
    if (response.status !== 200) throw new StepFailure(response.status, excerptOf(html));
    return html;
  }

  async signIn(): Promise<void> {
    const form = await this.request('/office/login');
    const csrf = CSRF_INPUT.exec(form.html)?.[1];
    if (form.response.status !== 200 || !csrf)
      throw new StepFailure(form.response.status, excerptOf(form.html));
    const { response, html } = await this.request('/office/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: unescapeAttribute(csrf),
        username: this.username,
        password: this.password,
      }).toString(),
    });
    const location = response.headers.get('location') ?? '';
    if (response.status !== 303 || location.includes('/login'))
      throw new StepFailure(response.status, `sign-in of ${this.username}: ${excerptOf(html)} ${location}`);
  }

  /** Posts a urlencoded step form of the page at `pagePath`; the answer must be 303 to the item. */
  async step(pagePath: string, action: string, fields: Record<string, string | string[]>): Promise<void> {
    const html = await this.page(pagePath);
    const csrf = CSRF_INPUT.exec(html)?.[1];
    const count = EVENT_COUNT.exec(html)?.[1];
    if (!csrf || !count) throw new StepFailure(200, `no step form on ${pagePath}: ${excerptOf(html)}`);
    const body = new URLSearchParams({ _csrf: unescapeAttribute(csrf), expectedEventCount: count });
    for (const [name, value] of Object.entries(fields))
      for (const v of typeof value === 'string' ? [value] : value) body.append(name, v);
    const { response, html: answer } = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    if (response.status !== 303) throw new StepFailure(response.status, excerptOf(answer));
  }

  /** The draft form, posted as a browser does (multipart); returns the new item's id. */
  async draft(agencyId: string, marker: number, formedOn: string): Promise<string> {
    const html = await this.page(`/office/agencies/${agencyId}/items/new`);
    const action = MULTIPART_ACTION.exec(html)?.[1];
    if (!action) throw new StepFailure(200, `no draft form: ${excerptOf(html)}`);
    const body = new FormData();
    const fields: Record<string, string> = {
      title: `承留镇2026年农村危房改造补助资金分配结果公示（${markerText(marker)}）`,
      documentNumber: `承政〔2026〕${marker}号`,
      formedOn,
      categoryCode: 'JC08',
      theme: '城乡建设、环境保护',
      validity: 'valid',
      summary: '公示2026年农村危房改造补助资金分配结果。',
      bodyHtml: `<p>补助资金已按户分配到位（${markerText(marker)}）。</p><p>公示期5个工作日。</p>`,
      keywords: '危房改造，公示',
    };
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const { response, html: answer } = await this.request(unescapeAttribute(action), {
      method: 'POST',
      body,
    });
    const itemId = /\/items\/([0-9a-f-]{36})\?done=created$/.exec(
      response.headers.get('location') ?? '',
    )?.[1];
    if (response.status !== 303 || !itemId) throw new StepFailure(response.status, excerptOf(answer));
    return itemId;
  }

  /** The review page's checklist, every item ticked. */
  async checklist(pagePath: string): Promise<string[]> {
    const html = await this.page(pagePath);
    return [...html.matchAll(CHECKLIST)].map((m) => unescapeAttribute(m[1]!));
  }
}

export interface StaffTeam {
  editor: StaffClient;
  reviewer: StaffClient;
  approver: StaffClient;
  /** The item the team was taking through when the last kill came: it goes on from where it is. */
  current: { itemId: string; marker: number } | null;
}

const PHASE_STEP: Record<string, number> = {
  草稿: 1,
  保密审查中: 2,
  待负责人审批: 3,
  待发布: 4,
  已发布: 5,
};

/** The step to take next, from the phase the item page shows (条目 “状态”). */
async function nextStepOf(team: StaffTeam, item: string): Promise<number> {
  const html = await team.approver.page(item);
  const phase = /<dd>(草稿|保密审查中|待负责人审批|待发布|已发布)<\/dd>/.exec(html)?.[1];
  if (phase === undefined) throw new StepFailure(200, `no phase on ${item}: ${excerptOf(html)}`);
  return PHASE_STEP[phase]!;
}

/**
 * One item from draft to publication — or the team's current item from where it stopped — with
 * `onAck` called after each step the server confirmed. Throws at the first step that was not
 * confirmed (a fetch error when the server is gone); the item then stays the team's current one.
 */
export async function publishOne(
  team: StaffTeam,
  agencyId: string,
  newMarker: () => number,
  formedOn: string,
  onAck: (itemId: string, marker: number, step: PublicationStep) => void,
  stopping: () => boolean,
): Promise<void> {
  let first = 1;
  if (team.current === null) {
    const marker = newMarker();
    const itemId = await team.editor.draft(agencyId, marker, formedOn);
    team.current = { itemId, marker };
    onAck(itemId, marker, 'created');
  } else {
    first = await nextStepOf(team, `/office/agencies/${agencyId}/items/${team.current.itemId}`);
  }
  const { itemId, marker } = team.current;
  const item = `/office/agencies/${agencyId}/items/${itemId}`;
  const steps: [PublicationStep, () => Promise<void>][] = [
    ['created', async () => {}],
    ['submitted', () => team.editor.step(item, `${item}/submit`, {})],
    [
      'review_signed',
      async () => {
        const checklist = await team.reviewer.checklist(`${item}/review`);
        await team.reviewer.step(`${item}/review`, `${item}/review`, { checklist });
      },
    ],
    ['approved', () => team.approver.step(item, `${item}/approve`, {})],
    ['published', () => team.approver.step(item, `${item}/publish`, { when: 'now' })],
  ];
  for (const [index, [step, run]] of steps.entries()) {
    if (index < first) continue;
    // An item cut short stays where it is, and goes on after the restart.
    if (stopping()) return;
    await run();
    onAck(itemId, marker, step);
  }
  team.current = null;
}
