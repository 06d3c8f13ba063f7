// Housekeeping that every installation runs.
import type { Config } from '../config.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { ScheduledJob } from './scheduler.ts';

// Daily jobs run once per Chinese calendar day.
export { shanghaiDate };

/** Deletes sessions past their absolute lifetime or idle for longer than the idle timeout. */
export function purgeExpiredSessionsJob(config: Readonly<Config>): ScheduledJob {
  return {
    name: 'sessions.purge-expired',
    period: shanghaiDate,
    async run(trx, now) {
      const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000).toISOString();
      await trx
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', now.toISOString()), eb('last_seen_at', '<', idleCutoff)]))
        .execute();
    },
  };
}

/** Forgets failed-login counts for unknown usernames once they can no longer lead to a lock. */
export function purgeUnknownLoginAttemptsJob(config: Readonly<Config>): ScheduledJob {
  return {
    name: 'logins.purge-unknown-names',
    period: shanghaiDate,
    async run(trx, now) {
      const keep = Math.max(24 * 60, 2 * config.lockoutMinutes) * 60_000;
      const cutoff = new Date(now.getTime() - keep).toISOString();
      await trx.deleteFrom('unknown_login_attempts').where('updated_at', '<', cutoff).execute();
    },
  };
}

export function maintenanceJobs(config: Readonly<Config>): ScheduledJob[] {
  return [purgeExpiredSessionsJob(config), purgeUnknownLoginAttemptsJob(config)];
}
