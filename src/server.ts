// Starts gongkai: configuration, dependencies (database migrated), optional demo data, the app
// listening, the scheduler; returns a handle that closes everything in order.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createTransport } from 'nodemailer';
import type { UseCaseContext } from './agencies/index.ts';
import { annualReportJobs } from './annual-reports/index.ts';
import { buildApp } from './app.ts';
import { applicationDeadlineJobs } from './applications/deadline-jobs.ts';
import type { Config } from './config.ts';
import { type DemoSeedResult, seedDemo } from './demo/seed-demo.ts';
import { buildDeps, type Deps } from './deps.ts';
import { disclosureJobs } from './disclosures/index.ts';
import { fileProblems } from './files/index.ts';
import { maintenanceJobs } from './jobs/maintenance-jobs.ts';
import { type Scheduler, startScheduler } from './jobs/scheduler.ts';
import { complaintReminderJobs } from './services/index.ts';
import type { App } from './web/context.ts';

export interface RunningServer {
  app: App;
  deps: Deps;
  address: string;
  /** Accounts created when the demo was seeded on this start (empty when it already existed). */
  demo: DemoSeedResult | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demo data (idempotent) before listening. */
  demo?: boolean;
  /** Overrides for tests (cheap password hashing, pinned clock…). */
  deps?: Partial<Pick<Deps, 'now' | 'logger' | 'passwordHashing' | 'files'>>;
}

export function useCaseContext(deps: Deps): UseCaseContext {
  return {
    db: deps.database.db,
    config: deps.config,
    now: deps.now,
    ...(deps.passwordHashing ? { passwordHashing: deps.passwordHashing } : {}),
    ...(deps.files ? { files: deps.files } : {}),
  };
}

export async function startServer(
  config: Readonly<Config>,
  options: StartOptions = {},
): Promise<RunningServer> {
  const deps: Deps = { ...(await buildDeps(config)), ...options.deps };
  let demo: DemoSeedResult | null = null;
  let app: App | undefined;
  let scheduler: Scheduler | undefined;
  let unsubscribeFiles: (() => void) | undefined;
  try {
    if (options.demo) demo = await seedDemo(useCaseContext(deps));
    app = await buildApp(deps);
    const address = await app.listen({ host: config.host, port: config.port });
    const log = app.log;
    // A stored file missing or corrupted (ids only): the download answers 404, the log says why.
    const logFileProblem = (problem: unknown) => log.error(problem as object, 'stored file unavailable');
    subscribe(fileProblems.name, logFileProblem);
    unsubscribeFiles = () => unsubscribe(fileProblems.name, logFileProblem);
    const mailTransport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
    scheduler = startScheduler({
      db: deps.database.db,
      jobs: [
        ...maintenanceJobs(config),
        ...disclosureJobs(deps.files),
        ...applicationDeadlineJobs({ transport: mailTransport, mailFrom: config.mailFrom }),
        ...annualReportJobs({ transport: mailTransport, mailFrom: config.mailFrom }),
        ...complaintReminderJobs({ transport: mailTransport, mailFrom: config.mailFrom }),
      ],
      now: deps.now,
      onError: (job, error) => log.error({ err: error, job }, 'scheduled job failed'),
    });
    const running = { app, scheduler };
    return {
      app,
      deps,
      address,
      demo,
      close: async () => {
        await running.scheduler.stop();
        unsubscribeFiles?.();
        await running.app.close();
        await deps.database.close();
      },
    };
  } catch (error) {
    unsubscribeFiles?.();
    await scheduler?.stop();
    await app?.close();
    await deps.database.close();
    throw error;
  }
}
