// Starts the web server: configuration, dependencies, app, listen; closes cleanly on a signal.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { buildDeps } from './deps.ts';

const config = loadConfig();
const deps = await buildDeps(config);
const app = await buildApp(deps);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'gongkai 正在停止');
  try {
    await app.close();
    await deps.database.close();
    process.exitCode = 0;
  } catch (error) {
    app.log.error({ err: error }, 'gongkai 停止时出错');
    process.exitCode = 1;
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { address, engine: deps.database.engine, pid: process.pid },
    `gongkai 已启动：${address}（数据库 ${deps.database.engine}）`,
  );
} catch (error) {
  app.log.fatal({ err: error }, 'gongkai 无法启动');
  await deps.database.close();
  process.exitCode = 1;
}
