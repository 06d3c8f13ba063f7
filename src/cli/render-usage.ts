// Kept apart from report-render.ts so that help text does not load the renderers.
export const RENDER_USAGE = `用法：gongkai report render 报告文件 --format html|docx|xlsx|md|json [--out 输出文件]

读取任一支持格式的年度报告，按国家格式输出为网页、Word、Excel、Markdown或JSON。
不指定 --out 时，文本格式写到标准输出；docx 和 xlsx 必须指定 --out。`;
