// The published annual reports on the portal:
//   GET /agencies/:id/annual-reports/:year               the report (its HTML as published)
//   GET /agencies/:id/annual-reports/:year/report.docx   Word
//   GET /agencies/:id/annual-reports/:year/report.pdf    PDF (Debian chromium)
//   GET /agencies/:id/annual-reports/:year/report.xlsx   Excel
// (the column's list, /agencies/:id/annual-reports, is in column-routes.ts and uses
// listAnnualReports below). Only a published report is public: a draft or approved year answers
// 404 like a missing one. Downloads are rendered from the stored snapshot, never from the data, so
// a published report never changes; their bytes are kept in memory per process.
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { getPublicAgency, type PublicAgency } from '../../agencies/index.ts';
import { publishedReportOf, publishedReportYears } from '../../annual-reports/index.ts';
import type { DB } from '../../db/schema.ts';
import { listCatalogue, listPublishedAnnualReports } from '../../disclosures/index.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import { reportTitle } from '../../reports/render/layout.ts';
import { renderDocx } from '../../reports/render/to-docx.ts';
import { renderPdf } from '../../reports/render/to-pdf.ts';
import { renderXlsx } from '../../reports/render/to-xlsx.ts';
import type { AnnualReport } from '../../reports/report.ts';
import type { App, Web } from '../context.ts';
import { attachment } from '../office/application-routes.ts';
import { sendPage } from '../render.ts';
import {
  AnnualReportPage,
  AnnualReportsPage,
  DownloadFailedPage,
  type PublishedReportEntry,
} from './report-pages.tsx';

const YearParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }),
  year: Type.String({ pattern: '^[0-9]{4}$', title: '年度' }),
});

/** Categories that hold annual reports (besides any item titled …年度报告). */
const REPORTS_CATEGORY = /年报|年度报告/;

const FORMATS = {
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: (report: AnnualReport) => renderDocx(report),
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: (report: AnnualReport) => renderXlsx(report),
  },
  pdf: {
    type: 'application/pdf',
    render: (report: AnnualReport, chromium: string) => renderPdf(report, { chromium }),
  },
} as const;
type Format = keyof typeof FORMATS;

/** Rendered files kept per process: a published report is final, so its bytes never go stale. */
const KEPT_FILES = 64;

/** The article of a page made by renderHtml: what goes inside the portal layout. */
export function articleOf(html: string): string {
  const start = html.indexOf('<article>');
  const end = html.lastIndexOf('</article>');
  if (start === -1 || end === -1) throw new Error('stored report HTML without its article');
  return html.slice(start + '<article>'.length, end);
}

/** The column's list: the published reports by year, newest first, and the published items titled 年度报告. */
export async function annualReportsColumn(web: Web, agency: PublicAgency): Promise<JSX.Element> {
  const db = web.database.db;
  const reports: PublishedReportEntry[] = [];
  for (const year of await publishedReportYears(db, agency.id)) {
    const published = await publishedReportOf(db, agency.id, year);
    if (!published) continue;
    reports.push({
      year,
      title: reportTitle(published.report),
      publishedOn: published.publishedOn,
    });
  }
  const codes = (await listCatalogue(db, agency.id))
    .filter((c) => REPORTS_CATEGORY.test(c.name))
    .map((c) => c.code);
  const items = await listPublishedAnnualReports(db, agency.id, web.ctx.now(), codes);
  return AnnualReportsPage({ agency: { id: agency.id, name: agency.name }, reports, items });
}

async function publishedOr404(db: Kysely<DB>, agencyId: string, yearText: string) {
  const agency = await getPublicAgency(db, agencyId);
  if (agency === null) throw new DomainError('access.not_found', 'no such agency');
  const year = Number(yearText);
  const published = await publishedReportOf(db, agency.id, year);
  if (published === null) throw new DomainError('access.not_found', 'no published report of the year');
  return { agency, year, published };
}

export function registerReportPortalRoutes(app: App, web: Web): void {
  const db = web.database.db;
  const files = new Map<string, Promise<Buffer>>();
  const options = { config: { access: 'public' as const }, schema: { params: YearParams } };

  app.get('/agencies/:id/annual-reports/:year', options, async (request, reply) => {
    const { agency, year, published } = await publishedOr404(db, request.params.id, request.params.year);
    return sendPage(
      reply,
      AnnualReportPage({
        agency: { id: agency.id, name: agency.name },
        year,
        title: reportTitle(published.report),
        safeArticle: articleOf(published.html),
      }),
    );
  });

  async function download(reply: FastifyReply, params: { id: string; year: string }, format: Format) {
    const { agency, year, published } = await publishedOr404(db, params.id, params.year);
    const key = `${agency.id}\u0000${year}\u0000${format}`;
    // One rendering per file, however many readers ask at once (a PDF starts a browser); a failure is not kept.
    let rendering = files.get(key);
    if (rendering === undefined) {
      rendering = FORMATS[format]
        .render(published.report, web.ctx.config.chromiumPath)
        .then((b) => Buffer.from(b));
      if (files.size >= KEPT_FILES) files.delete(files.keys().next().value!);
      files.set(key, rendering);
      rendering.catch(() => files.delete(key));
    }
    let bytes: Buffer;
    try {
      bytes = await rendering;
    } catch (error) {
      // Without chromium (or when it fails) the reader gets a Chinese page and the other formats.
      const message =
        isDomainError(error) && typeof error.details.userMessage === 'string'
          ? error.details.userMessage
          : '暂时无法生成该格式的文件，请稍后再试。';
      reply.log.error({ err: error, agencyId: agency.id, year, format }, 'annual report download failed');
      return sendPage(
        reply.header('cache-control', 'no-store'),
        DownloadFailedPage({ agency: { id: agency.id, name: agency.name }, year, message }),
        503,
      );
    }
    return reply
      .header('content-type', FORMATS[format].type)
      .header('content-disposition', attachment(`${reportTitle(published.report)}.${format}`))
      .send(bytes);
  }

  for (const format of Object.keys(FORMATS) as Format[]) {
    app.get(`/agencies/:id/annual-reports/:year/report.${format}`, options, async (request, reply) =>
      download(reply, request.params, format),
    );
  }
}
