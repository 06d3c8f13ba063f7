// The `gongkai` command.
import { runCalendar } from './calendar.ts';
import { runAuditVerify, runBackup, runFiles, runMigrate, runSeedDemo, runServe } from './ops.ts';
import { type Output, processOutput } from './output.ts';
import { RENDER_USAGE } from './render-usage.ts';
import { CHECK_USAGE, EXIT_OK, EXIT_UNUSABLE, runReportCheck } from './report-check.ts';

const USAGE = `gongkai — 政府信息公开

命令：
  gongkai report check 文件或目录...   检查年度报告
  gongkai report render 文件 --format …  转换年度报告格式
  gongkai report build --agency 机构 --year 年度  用数据库中的数据生成年度报告
  gongkai calendar add-working-days 日期 N  计算 N 个工作日后的日期（另有 explain）
  gongkai serve [--demo]                 启动系统（--demo：空库时写入演示数据并打印初始密码）
  gongkai seed-demo                      写入演示数据（可重复执行）
  gongkai migrate                        将数据库升级到最新结构
  gongkai audit verify                   核验审计日志的哈希链
  gongkai backup 备份文件                 在线备份 SQLite 数据库
  gongkai files check [--remove-orphans] 核对附件目录（GONGKAI_FILES_DIR）与数据库

${CHECK_USAGE}

${RENDER_USAGE}`;

export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [command, subcommand, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out.print(USAGE);
    return EXIT_OK;
  }
  if (command === 'report' && subcommand === 'check') return runReportCheck(rest, out);
  if (command === 'migrate') return runMigrate(out);
  if (command === 'serve') return runServe(argv.slice(1), out);
  if (command === 'seed-demo') return runSeedDemo(out);
  if (command === 'calendar') return runCalendar(argv.slice(1), out);
  if (command === 'audit' && subcommand === 'verify') return runAuditVerify(out);
  if (command === 'backup') return runBackup(argv.slice(1), out);
  if (command === 'files') return runFiles(argv.slice(1), out);
  if (command === 'report' && subcommand === 'build') {
    const { runReportBuild } = await import('./report-build.ts');
    return runReportBuild(rest, out);
  }
  if (command === 'report' && subcommand === 'render') {
    // The renderers pull in docx and exceljs; a check does not need them.
    const { runReportRender } = await import('./report-render.ts');
    return runReportRender(rest, out);
  }
  out.error(`未知命令：${argv.join(' ')}`);
  out.error(USAGE);
  return EXIT_UNUSABLE;
}
