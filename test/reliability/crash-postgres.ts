// A PostgreSQL cluster of the crash harness's own (T-R2): initdb into a temporary directory, started
// with pg_ctl on a free port (its socket in the same directory, fsync on), so that killing its
// postmaster or a backend with SIGKILL never disturbs anything else on the machine (the shared
// cluster on 5432 included). Stopped and deleted at the end. Needs root (the cluster runs as the
// user postgres, through runuser) and the PostgreSQL server binaries.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest installed server binaries (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? null : join(root, majors[0], 'bin');
}

/** null when a cluster of the harness's own can be made here, else why not. */
export function ownClusterUnavailable(): string | null {
  if (process.getuid?.() !== 0)
    return 'a PostgreSQL cluster of its own needs root (it runs as the user postgres through runuser)';
  if (postgresBinaries() === null) return 'no PostgreSQL server binaries (initdb) under /usr/lib/postgresql';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no user postgres');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export type DatabaseKill = 'postmaster' | 'backend';

export class OwnCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/gongkai`;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** initdb into `parent`/pg (data, socket and log, the user postgres's), started, with the database gongkai. */
  static async create(parent: string): Promise<OwnCluster> {
    const bin = postgresBinaries();
    if (!bin) throw new Error('no PostgreSQL server binaries');
    const { uid, gid } = postgresUser();
    // The user postgres must reach the directory (a temporary one is the owner's only).
    chmodSync(parent, 0o755);
    const dir = join(parent, 'pg');
    mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'data'), uid, gid);
    const cluster = new OwnCluster(dir, await freePort(), bin);
    try {
      await cluster.init();
      await cluster.start();
      await cluster.psql('create database gongkai');
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  private async init(): Promise<void> {
    const bin = this.bin;
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      join(bin, 'initdb'),
      '-D',
      join(this.dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
    ]);
  }

  /** Starts the postmaster and waits until it accepts connections (crash recovery done). */
  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      // Durable as in production: the point of the exercise.
      '-c fsync=on',
      '-c synchronous_commit=on',
      '-c full_page_writes=on',
      '-c max_connections=40',
      '-c shared_buffers=32MB',
    ].join(' ');
    await run(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        join(this.bin, 'pg_ctl'),
        '-D',
        this.data,
        '-l',
        join(this.dir, 'postgres.log'),
        '-o',
        options,
        '-w',
        '-t',
        '120',
        'start',
      ],
      { timeout: 130_000 },
    );
  }

  private postmasterPid(): number | null {
    const file = join(this.data, 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').split('\n', 1)[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  }

  /** The postmaster's children: [pid, command line] (backends read "postgres: postgres gongkai …"). */
  private children(postmaster: number): [number, string][] {
    const out: [number, string][] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // The parent pid is the 4th field, after the command in parentheses.
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (parent !== postmaster) continue;
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
        out.push([Number(name), cmdline]);
      } catch {
        // The process ended meanwhile.
      }
    }
    return out;
  }

  /**
   * `postmaster`: SIGKILL to the postmaster and then to every process of the cluster, as a power
   * cut would leave it (start() recovers from the WAL). `backend`: SIGKILL to one backend serving
   * the database (chosen by `pick` in [0, 1)); the postmaster then resets every backend and
   * recovers by itself. Returns what was killed.
   */
  async kill(kind: DatabaseKill, pick: number): Promise<string> {
    const postmaster = this.postmasterPid();
    if (postmaster === null) throw new Error('the cluster is not running');
    if (kind === 'backend') {
      const backends = this.children(postmaster).filter(([, cmd]) => / gongkai /.test(cmd));
      if (backends.length > 0) {
        const [pid, cmd] = backends[Math.floor(pick * backends.length)]!;
        if (signal(pid)) return `backend ${pid} (${cmd})`;
      }
      // No connection to the database at that moment: the postmaster instead.
    }
    const children = this.children(postmaster);
    signal(postmaster);
    for (const [pid] of children) signal(pid);
    // Wait until every process of the cluster is gone (a zombie is), so that start() finds no old
    // shared memory in use.
    const deadline = Date.now() + 30_000;
    while (
      [postmaster, ...children.map(([pid]) => pid)].some((pid) => alive(pid) && !zombie(pid)) &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    return `postmaster ${postmaster} and ${children.length} processes`;
  }

  /** Waits until the cluster accepts connections again (after a backend kill, its own recovery). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.psql('select 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Restarts the cluster when its postmaster is gone; waits until it answers. */
  async recover(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid === null || !alive(pid) || zombie(pid)) {
      // A dead postmaster not yet reaped keeps its pid: PostgreSQL would refuse to start, taking
      // it for a live one. Give the reaper a moment, then remove the lock file of the dead process.
      const deadline = Date.now() + 5_000;
      while (pid !== null && alive(pid) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      if (pid !== null && alive(pid) && zombie(pid))
        rmSync(join(this.data, 'postmaster.pid'), { force: true });
      await this.start();
    }
    await this.ready();
  }

  async psql(command: string): Promise<string> {
    const { stdout } = await run(
      join(this.bin, 'psql'),
      ['-X', '-q', '-At', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-c', command],
      { timeout: 30_000 },
    );
    return stdout;
  }

  /** Stops the cluster (immediately) and deletes its directory. */
  async destroy(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid !== null && alive(pid) && !zombie(pid)) {
      await run(
        'runuser',
        ['-u', 'postgres', '--', join(this.bin, 'pg_ctl'), '-D', this.data, '-m', 'immediate', 'stop'],
        {
          timeout: 60_000,
        },
      ).catch(() => {
        process.kill(pid, 'SIGKILL');
      });
    }
    // The server's log stays beside the harness's other files (deleted with them unless kept).
    try {
      copyFileSync(join(this.dir, 'postgres.log'), join(this.dir, '..', 'postgres.log'));
    } catch {
      // No log yet.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** SIGKILL; false when the process was already gone. */
function signal(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Killed, but not yet reaped by its parent: it holds its pid, and PostgreSQL takes that for a live postmaster. */
function zombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}
