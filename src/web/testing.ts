// Test support for the web layer: an app on a fresh test database with two towns and their
// staff created through the agencies use cases, a pinned clock, and a tiny cookie-keeping
// "browser" on top of app.inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import {
  type Agency,
  changePassword,
  createAgency,
  createUser,
  login,
  type PasswordHashOptions,
  type Role,
  resolveSession,
  systemActor,
  type UseCaseContext,
} from '../agencies/index.ts';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import type { Engine } from '../db/database.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import type { Deps } from '../deps.ts';
import { openDirectoryFileStore } from '../files/index.ts';
import type { App } from './context.ts';
import { loggerOptions } from './logging.ts';

/** Cheap argon2id for tests; production uses PRODUCTION_HASHING. */
export const TEST_HASHING: PasswordHashOptions = { memoryCost: 256, timeCost: 1, parallelism: 1 };

/** The password every seeded user has after the fixture changed the initial one. */
export const TEST_PASSWORD = 'Gongkai-Test-2026!';

export interface SeededUser {
  id: string;
  username: string;
  agencyId: string;
}

export interface WebFixture {
  app: App;
  deps: Deps;
  database: TestDatabase;
  ctx: UseCaseContext;
  clock: { now: Date };
  region: Agency;
  sili: Agency;
  chengliu: Agency;
  users: {
    /** admin of 思礼镇 */
    siliAdmin: SeededUser;
    /** handler (依申请办理) of 思礼镇 */
    siliClerk: SeededUser;
    /** admin of 承留镇 */
    chengliuAdmin: SeededUser;
    /** just created: still has its initial password */
    siliNew: SeededUser & { initialPassword: string };
  };
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Where the app's production log lines go (none when absent). */
  logStream?: Writable;
  config?: Partial<Config>;
  /** Adds routes only a test needs (e.g. one that throws), before the app is ready. */
  beforeReady?: (app: App) => void;
  /**
   * Attachment bytes in this directory (GONGKAI_FILES_DIR) instead of the database. With
   * GONGKAI_TEST_FILES=directory in the environment every fixture gets a temporary one (to run any
   * web suite over the directory store).
   */
  filesDir?: string;
}

export async function createWebFixture(engine: Engine, options: FixtureOptions = {}): Promise<WebFixture> {
  const database = await createTestDatabase(engine);
  const config = Object.freeze({
    // No load shedding unless a test asks: a test's own synchronous work would read as pressure.
    ...loadConfig({
      GONGKAI_DATABASE_URL: database.url,
      GONGKAI_LOG_LEVEL: 'silent',
      GONGKAI_OVERLOAD_MAX_DELAY_MS: '0',
      GONGKAI_OVERLOAD_MAX_PER_TURN: '0',
      GONGKAI_OVERLOAD_MAX_IN_FLIGHT: '0',
    }),
    ...options.config,
  });
  const clock = { now: new Date('2026-03-02T02:00:00.000Z') };
  const tempFiles =
    options.filesDir === undefined && process.env.GONGKAI_TEST_FILES === 'directory'
      ? mkdtempSync(join(tmpdir(), 'gongkai-test-files-'))
      : undefined;
  const filesDir = options.filesDir ?? tempFiles;
  const files = filesDir === undefined ? undefined : await openDirectoryFileStore(filesDir);
  const deps: Deps = {
    config,
    database,
    now: () => clock.now,
    logger: options.logStream
      ? { ...(loggerOptions('info') as Record<string, unknown>), stream: options.logStream }
      : false,
    passwordHashing: TEST_HASHING,
    ...(files ? { files } : {}),
  };
  const ctx: UseCaseContext = {
    db: database.db,
    config,
    now: deps.now,
    passwordHashing: TEST_HASHING,
    ...(files ? { files } : {}),
  };
  const operator = systemActor('test-fixture');
  const region = await createAgency(ctx, operator, {
    parentId: null,
    kind: 'region',
    name: '济源产城融合示范区',
  });
  const sili = await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '思礼镇' });
  const chengliu = await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '承留镇' });

  async function seedUser(agency: Agency, username: string, displayName: string, roles: Role[]) {
    const created = await createUser(ctx, operator, { agencyId: agency.id, username, displayName, roles });
    return { id: created.user.id, username, agencyId: agency.id, initialPassword: created.initialPassword };
  }
  /** Gives the user the known test password, as the forced first change would. */
  async function settle(user: { username: string; initialPassword: string }): Promise<void> {
    const { token } = await login(ctx, { username: user.username, password: user.initialPassword });
    const principal = await resolveSession(ctx, token);
    if (!principal) throw new Error('fixture: no session after login');
    await changePassword(ctx, principal, { current: user.initialPassword, next: TEST_PASSWORD });
  }

  const siliAdmin = await seedUser(sili, 'sili.admin', '王思礼', ['admin']);
  const siliClerk = await seedUser(sili, 'sili.clerk', '李办理', ['handler']);
  const chengliuAdmin = await seedUser(chengliu, 'chengliu.admin', '张承留', ['admin']);
  const siliNew = await seedUser(sili, 'sili.new', '赵新人', ['editor']);
  for (const user of [siliAdmin, siliClerk, chengliuAdmin]) await settle(user);

  const app = await buildApp(deps);
  options.beforeReady?.(app);
  await app.ready();
  const strip = ({ initialPassword: _, ...user }: SeededUser & { initialPassword: string }) => user;
  return {
    app,
    deps,
    database,
    ctx,
    clock,
    region,
    sili,
    chengliu,
    users: {
      siliAdmin: strip(siliAdmin),
      siliClerk: strip(siliClerk),
      chengliuAdmin: strip(chengliuAdmin),
      siliNew,
    },
    close: async () => {
      await app.close();
      await database.drop();
      if (tempFiles !== undefined) rmSync(tempFiles, { recursive: true, force: true });
    },
  };
}

/** The text of an HTML text node or attribute as the browser would read it. */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first secret shown on a page (a new password, a TOTP secret). */
export function shownSecret(html: string): string | undefined {
  const raw = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1];
  return raw === undefined ? undefined : unescapeHtml(raw);
}

const CSRF_INPUT = /<input type="hidden" name="_csrf" value="([^"]+)"/;

/** Keeps cookies between requests like a browser, and the CSRF token of the last page. */
export class Browser {
  readonly cookies = new Map<string, string>();
  lastCsrf: string | null = null;

  constructor(
    readonly app: App,
    readonly ip = '192.0.2.10',
  ) {}

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        cookie.value === '' ||
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = CSRF_INPUT.exec(response.body)?.[1];
    if (token !== undefined) this.lastCsrf = token;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}), ...headers },
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a urlencoded form. The CSRF token of the last page is added unless `csrf` is false
   * (no token) or a string (that token).
   */
  async post(
    url: string,
    form: Record<string, string | readonly string[]> = {},
    options: { csrf?: boolean | string } = {},
  ): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const csrf = options.csrf ?? true;
    if (csrf === true && this.lastCsrf !== null) params.append('_csrf', this.lastCsrf);
    if (typeof csrf === 'string') params.append('_csrf', csrf);
    for (const [name, value] of Object.entries(form)) {
      for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
      },
      payload: params.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Signs in through the login form; returns the response of the POST. */
  async signIn(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/office/login');
    return this.post('/office/login', { username, password });
  }
}
