// What the browser journeys share: a real listening server (startServer) on a fresh test database
// with the clock pinned, the region and its two towns, staff created the way an administrator
// creates them, and one chromium for all suites of a file.
import { after } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Agency,
  changePassword,
  createAgency,
  createUser,
  login,
  type Role,
  resolveSession,
  systemActor,
  type UseCaseContext,
} from '../../src/agencies/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Engine } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../src/db/testing.ts';
import { type RunningServer, startServer, useCaseContext } from '../../src/server.ts';
import { TEST_HASHING, TEST_PASSWORD } from '../../src/web/testing.ts';
import { launchBrowser } from './browser.ts';

/** Monday 2026-03-02, 10:00 in Beijing: the server's clock in every journey. */
export const JOURNEY_NOW = new Date('2026-03-02T02:00:00.000Z');

export interface Staff {
  id: string;
  username: string;
  displayName: string;
}

export interface Site {
  server: RunningServer;
  database: TestDatabase;
  base: string;
  ctx: UseCaseContext;
  region: Agency;
  sili: Agency;
  chengliu: Agency;
  /** A user created by an administrator, still holding the initial password. */
  createStaff(
    agency: Agency,
    username: string,
    displayName: string,
    roles: Role[],
  ): Promise<Staff & { initialPassword: string }>;
  /** A user who has already replaced the initial password with TEST_PASSWORD. */
  settledStaff(agency: Agency, username: string, displayName: string, roles: Role[]): Promise<Staff>;
  close(): Promise<void>;
}

export async function startSite(engine: Engine, operatorName: string): Promise<Site> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    GONGKAI_DATABASE_URL: database.url,
    GONGKAI_HOST: '127.0.0.1',
    GONGKAI_PORT: '0',
    GONGKAI_LOG_LEVEL: 'silent',
    // Each journey's browser context may send its own X-Forwarded-For, so that the rate limits
    // (per client address) of one journey do not touch another.
    GONGKAI_TRUST_PROXY: '127.0.0.1',
    // No load shedding: this process also drives the browser and reads the files it downloads, so
    // a busy test machine can read as a crowd and a page answer 429 (a CI run found the back
    // office's home without its navigation, most likely the 系统繁忙 page). The shedding has tests
    // of its own (src/web/overload.test.ts, bench/load.bench.ts).
    GONGKAI_OVERLOAD_MAX_DELAY_MS: '0',
    GONGKAI_OVERLOAD_MAX_PER_TURN: '0',
    GONGKAI_OVERLOAD_MAX_IN_FLIGHT: '0',
  });
  let server: RunningServer;
  try {
    server = await startServer(config, {
      deps: { passwordHashing: TEST_HASHING, now: () => JOURNEY_NOW, logger: false },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const ctx = useCaseContext(server.deps);
  const operator = systemActor(operatorName);
  const region = await createAgency(ctx, operator, {
    parentId: null,
    kind: 'region',
    name: '济源产城融合示范区',
  });
  const sili = await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '思礼镇' });
  const chengliu = await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '承留镇' });

  async function createStaff(agency: Agency, username: string, displayName: string, roles: Role[]) {
    const created = await createUser(ctx, operator, { agencyId: agency.id, username, displayName, roles });
    return { id: created.user.id, username, displayName, initialPassword: created.initialPassword };
  }
  async function settledStaff(agency: Agency, username: string, displayName: string, roles: Role[]) {
    const { initialPassword, ...staff } = await createStaff(agency, username, displayName, roles);
    const { token } = await login(ctx, { username, password: initialPassword });
    const principal = await resolveSession(ctx, token);
    if (!principal) throw new Error('no session after login');
    await changePassword(ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
    return staff;
  }
  return {
    server,
    database,
    base: server.address,
    ctx,
    region,
    sili,
    chengliu,
    createStaff,
    settledStaff,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/**
 * One chromium per test file, launched by the first journey that asks and closed when the file's
 * tests end. Call at the top level of the file (it registers the closing hook there).
 */
export function journeyBrowser(): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined;
  after(async () => {
    await (await browser)?.close();
  });
  return () => {
    browser ??= launchBrowser();
    return browser;
  };
}

export interface JourneyPages {
  /** A page in a browser context of its own (another person), on the site's address. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** A new page signed in to the back office as `username` (with the test password). */
  signedIn(username: string): Promise<Page>;
  /** Every JavaScript dialog any page opened, dismissed: an executed payload would show up here. */
  dialogs: string[];
  close(): Promise<void>;
}

export function journeyPages(
  browser: Browser,
  site: Pick<Site, 'base'>,
  options: { timeoutMs: number; viewport?: { width: number; height: number } },
): JourneyPages {
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  async function newPage(viewport = options.viewport): Promise<Page> {
    const context = await browser.newContext({
      baseURL: site.base,
      locale: 'zh-CN',
      ...(viewport ? { viewport } : {}),
    });
    context.setDefaultTimeout(options.timeoutMs);
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    return page;
  }
  return {
    newPage,
    async signedIn(username) {
      const page = await newPage();
      await page.goto('/office/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
      await Promise.all([
        page.waitForURL(/\/office(?!\/login)/),
        page.getByRole('button', { name: '登录' }).click(),
      ]);
      return page;
    },
    dialogs,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
    },
  };
}
