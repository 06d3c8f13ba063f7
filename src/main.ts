// `node src/main.ts` (through tsx) or `gongkai serve`: starts the server and stops it cleanly on a signal.
import { loadConfig } from './config.ts';
import type { DemoAccount } from './demo/seed-demo.ts';
import { type RunningServer, startServer } from './server.ts';

export function describeDemoAccounts(accounts: readonly DemoAccount[]): string {
  if (accounts.length === 0) return '';
  const lines = accounts.map((a) => `  ${a.username.padEnd(20)} ${a.password}  ${a.agencyName} · ${a.role}`);
  return ['演示账号（初始密码，首次登录后须修改）：', ...lines].join('\n');
}

export async function serve(options: { demo?: boolean } = {}): Promise<RunningServer> {
  const config = loadConfig();
  const server = await startServer(config, options);
  const log = server.app.log;
  log.info(
    { address: server.address, engine: server.deps.database.engine, pid: process.pid },
    `gongkai 已启动：${server.address}`,
  );
  const accounts = describeDemoAccounts(server.demo?.accounts ?? []);
  const home = server.address.replace('[::]', 'localhost').replace('0.0.0.0', 'localhost');
  process.stdout.write(`\ngongkai 已启动：门户 ${home}/ ，后台 ${home}/office/login\n`);
  if (accounts) process.stdout.write(`\n${accounts}\n\n`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'gongkai 正在停止');
    try {
      await server.close();
    } catch (error) {
      log.error({ err: error }, 'gongkai 停止时出错');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve({ demo: process.argv.includes('--demo') }).catch((error) => {
    process.stderr.write(`gongkai 无法启动：${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
