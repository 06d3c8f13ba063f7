// The environment, parsed once into a frozen, typed object. Nothing else reads process.env.
import { resolve } from 'node:path';

export interface Config {
  /** `sqlite:PATH` or `postgres://…`. */
  databaseUrl: string;
  host: string;
  port: number;
  /**
   * Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or
   * CIDRs), or false. Behind a load balancer this gives rate limits and the audit log the client.
   */
  trustProxy: false | string;
  /** Cookies get the Secure flag (set when gongkai runs behind TLS). */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  uploadLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `smtp://user:pass@host:port` or `smtps://…` for deadline reminders by e-mail, or null (in-app only). */
  smtpUrl: string | null;
  /** The From address of those e-mails. */
  mailFrom: string;
  /**
   * The portal's public address (`https://gongkai.example.gov.cn`, no trailing slash), the base of
   * absolute links in feeds, the sitemap and confirmations; null: the request's own host.
   */
  publicUrl: string | null;
  /**
   * Absolute path of the directory for attachment bytes (a local disk or a shared mount such as
   * NFS for several servers), or null: the bytes stay in the database.
   */
  filesDir: string | null;
  /** The chromium executable that prints annual reports as PDF (Debian's by default). */
  chromiumPath: string;
  /**
   * Load shedding (web/overload.ts): median event-loop delay in ms over a sample interval above
   * which requests are refused with 429 until the next sample; 0 turns it off.
   */
  overloadMaxDelayMs: number;
  /** The sample interval of that delay, in ms. */
  overloadSampleMs: number;
  /** Requests begun in one turn of the event loop beyond which the rest are refused; 0: no limit. */
  overloadMaxPerTurn: number;
  /** Requests being answered at once beyond which new ones are refused; 0: no limit. */
  overloadMaxInFlight: number;
}

/** GONGKAI_FILES_DIR: absolute, or relative to the working directory; created and checked at start-up. */
function filesDir(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (value.includes('\0') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    throw new Error(
      `GONGKAI_FILES_DIR must be a directory path (absolute or relative to the working directory), got "${value}"`,
    );
  return resolve(value);
}

function smtpUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^smtps?:\/\/[^\s]+$/.test(value))
    throw new Error(
      `GONGKAI_SMTP_URL must start with smtp:// or smtps://, got "${value.replace(/:[^:@/]*@/, ':***@')}"`,
    );
  return value;
}

function publicUrl(value: string | undefined): string | null {
  if (!value) return null;
  const fail = (why: string) =>
    new Error(`GONGKAI_PUBLIC_URL must be an http:// or https:// address ${why}, got "${value}"`);
  let url: URL;
  try {
    if (/\s/.test(value)) throw new Error('whitespace');
    url = new URL(value);
  } catch {
    throw fail('(e.g. https://gongkai.example.gov.cn)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw fail('(e.g. https://gongkai.example.gov.cn)');
  if (url.username !== '' || url.password !== '') throw fail('without user or password');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) throw fail('without query or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export const DEFAULT_DATABASE_URL = `sqlite:${resolve('data', 'gongkai.sqlite')}`;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const databaseUrl = env.GONGKAI_DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new Error(`GONGKAI_DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
  }
  const logLevel = (env.GONGKAI_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`GONGKAI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return Object.freeze({
    databaseUrl,
    host: env.GONGKAI_HOST || '::',
    port: integer(env, 'GONGKAI_PORT', 3000, 0, 65535),
    trustProxy: env.GONGKAI_TRUST_PROXY ? env.GONGKAI_TRUST_PROXY : false,
    secureCookies: env.GONGKAI_SECURE_COOKIES === '1',
    sessionIdleMinutes: integer(env, 'GONGKAI_SESSION_IDLE_MINUTES', 15, 1, 30),
    sessionAbsoluteHours: integer(env, 'GONGKAI_SESSION_ABSOLUTE_HOURS', 12, 1, 12),
    lockoutThreshold: integer(env, 'GONGKAI_LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: integer(env, 'GONGKAI_LOCKOUT_MINUTES', 30, 1, 24 * 60),
    uploadLimitBytes: integer(env, 'GONGKAI_UPLOAD_LIMIT_BYTES', 20 * 1024 * 1024, 1024, 1024 ** 3),
    logLevel,
    smtpUrl: smtpUrl(env.GONGKAI_SMTP_URL),
    mailFrom: env.GONGKAI_MAIL_FROM || 'gongkai@localhost',
    publicUrl: publicUrl(env.GONGKAI_PUBLIC_URL),
    filesDir: filesDir(env.GONGKAI_FILES_DIR),
    chromiumPath: env.GONGKAI_CHROMIUM || '/usr/bin/chromium',
    overloadMaxDelayMs: integer(env, 'GONGKAI_OVERLOAD_MAX_DELAY_MS', 300, 0, 60_000),
    overloadSampleMs: integer(env, 'GONGKAI_OVERLOAD_SAMPLE_MS', 500, 10, 60_000),
    overloadMaxPerTurn: integer(env, 'GONGKAI_OVERLOAD_MAX_PER_TURN', 200, 0, 1_000_000),
    overloadMaxInFlight: integer(env, 'GONGKAI_OVERLOAD_MAX_IN_FLIGHT', 128, 0, 1_000_000),
  });
}
