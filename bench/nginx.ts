// deploy/nginx.conf, run here: for the load bench's spike through the front (load.bench.ts) and for
// the tests of the shipped file (test/deploy/nginx.test.ts). The file is used as shipped, with only
// the lines that name this machine's addresses and paths changed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;

/** Debian's nginx, when installed: the front of deploy/nginx.conf. */
export const NGINX = '/usr/sbin/nginx';

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * deploy/nginx.conf as shipped, made to run here: its upstream pointed at `upstream` (host:port),
 * listening on `port` of 127.0.0.1, in the foreground with its files in `dir`. Throws when a line
 * it must change is no longer in the file (the bench then measures nothing else by mistake).
 */
export function localNginxConfig(shipped: string, upstream: string, port: number, dir: string): string {
  const replace = (text: string, pattern: RegExp, by: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx.conf: no line matching ${pattern}`);
    return text.replace(pattern, by);
  };
  let config = shipped;
  config = replace(
    config,
    /^worker_processes .*;$/m,
    `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log crit;`,
  );
  config = replace(
    config,
    /access_log \S+ gongkai;/,
    `access_log ${dir}/access.log gongkai;\n    client_body_temp_path ${dir}/body;\n    proxy_temp_path ${dir}/proxy;`,
  );
  config = replace(config, /server 127\.0\.0\.1:3000 /, `server ${upstream} `);
  config = replace(config, /listen 80 /, `listen 127.0.0.1:${port} `);
  return config;
}

/** nginx with deploy/nginx.conf in front of `upstream` (host:port); resolves once it answers. */
export async function startNginx(
  upstream: string,
  dir: string,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const home = join(dir, 'nginx');
  mkdirSync(home, { recursive: true });
  const shipped = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
  writeFileSync(join(home, 'nginx.conf'), localNginxConfig(shipped, upstream, port, home));
  const child = spawn(NGINX, ['-p', home, '-c', join(home, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      child.kill();
      throw new Error('nginx did not answer /healthz within 10 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
