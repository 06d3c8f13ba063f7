// GET /office/calendar (the years known, for any staff), GET /office/calendar/new[?year=] (the form,
// prefilled with that year's arrangement) and POST /office/calendar (enter a year; only an admin of
// a top-level agency, as the use case decides).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, loadAgencyTree, type Principal } from '../../agencies/index.ts';
import { enterHolidayYear } from '../../applications/index.ts';
import {
  findEnteredArrangements,
  type HolidayArrangement,
  mergeArrangements,
  OFFICIAL_ARRANGEMENTS,
} from '../../calendar/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import { CALENDAR_HREF, CalendarPage, type CalendarYearRow, HolidayFormPage } from './calendar-pages.tsx';
import { chrome, errorLines, expected } from './chrome.ts';
import { type HolidayFormValues, holidayFormValues, parseHolidayForm } from './holiday-form.ts';

const Year = Type.Integer({ minimum: 2000, maximum: 2100, title: '年度' });
const ListQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 20 })),
  year: Type.Optional(Year),
});
const FormQuery = Type.Object({ year: Type.Optional(Year) });
const FormBody = Type.Object({
  year: Type.String({ maxLength: 20, title: '年度' }),
  source: Type.String({ maxLength: 300, title: '通知名称及文号' }),
  holidays: Type.String({ maxLength: 4000, title: '放假时段' }),
  makeupWorkdays: Type.String({ maxLength: 2000, title: '调休上班日' }),
});

/** The year in Asia/Shanghai (no daylight saving: UTC+8 all year). */
function shanghaiYear(now: Date): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

/** The years shown: every arrangement known, and this year and the next, which deadlines reach. */
export function calendarYears(
  shipped: readonly HolidayArrangement[],
  entered: readonly HolidayArrangement[],
  thisYear: number,
): CalendarYearRow[] {
  const shippedYears = new Set(shipped.map((a) => a.year));
  const enteredYears = new Set(entered.map((a) => a.year));
  const rows: CalendarYearRow[] = mergeArrangements(shipped, entered).map((a) => ({
    year: a.year,
    origin: !enteredYears.has(a.year) ? 'shipped' : shippedYears.has(a.year) ? 'corrected' : 'entered',
    source: a.source,
    holidayPeriods: a.holidays.length,
    makeupWorkdays: a.makeupWorkdays.length,
  }));
  for (const year of [thisYear, thisYear + 1]) {
    if (!rows.some((row) => row.year === year)) {
      rows.push({ year, origin: 'missing', source: null, holidayPeriods: 0, makeupWorkdays: 0 });
    }
  }
  return rows.sort((a, b) => b.year - a.year);
}

export function registerCalendarRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;

  /** The rule of enterHolidayArrangement, asked before a form is shown or read. */
  async function mayEnter(principal: Principal): Promise<boolean> {
    const tree = await loadAgencyTree(db);
    return [...tree.nodes.values()].some(
      (node) => node.parentId === null && hasRole(principal, 'admin', node.id, tree),
    );
  }

  async function arrangementsInForce() {
    const entered = await findEnteredArrangements(db);
    return { entered, merged: mergeArrangements(OFFICIAL_ARRANGEMENTS, entered) };
  }

  async function formPage(
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    options: { correcting: number | null; values?: HolidayFormValues; errors?: string[]; status?: number },
  ) {
    const { status, ...rest } = options;
    return sendPage(
      reply,
      HolidayFormPage({
        chrome: await chrome(web, request, reply),
        allowed: await mayEnter(requireStaff(request)),
        ...rest,
      }),
      status ?? 200,
    );
  }

  app.get(
    CALENDAR_HREF,
    { config: { access: 'staff' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { entered } = await arrangementsInForce();
      const { done, year } = request.query;
      return sendPage(
        reply,
        CalendarPage({
          chrome: await chrome(web, request, reply),
          years: calendarYears(OFFICIAL_ARRANGEMENTS, entered, shanghaiYear(ctx.now())),
          canEnter: await mayEnter(principal),
          notice:
            done === 'entered' && year !== undefined
              ? `已保存 ${year} 年节假日安排，该年度的期限此后均按此计算。`
              : undefined,
        }),
      );
    },
  );

  app.get(
    `${CALENDAR_HREF}/new`,
    { config: { access: 'staff' }, schema: { querystring: FormQuery } },
    async (request, reply) => {
      const { year } = request.query;
      const known =
        year === undefined ? undefined : (await arrangementsInForce()).merged.find((a) => a.year === year);
      return formPage(request, reply, {
        correcting: known ? known.year : null,
        values: known
          ? holidayFormValues(known)
          : { year: year === undefined ? '' : String(year), source: '', holidays: '', makeupWorkdays: '' },
      });
    },
  );

  app.post(
    CALENDAR_HREF,
    { config: { access: 'staff' }, schema: { body: FormBody } },
    async (request, reply) => {
      const principal = requireStaff(request);
      // Refused before the form is read, with the use case's own refusal: nothing to learn from it.
      if (!(await mayEnter(principal))) {
        throw new DomainError('access.forbidden', '只有最上级机构的系统管理员可以录入节假日安排');
      }
      const values: HolidayFormValues = request.body;
      const parsed = parseHolidayForm(values);
      const known = async () =>
        (await arrangementsInForce()).merged.some((a) => a.year === parsed.arrangement.year)
          ? parsed.arrangement.year
          : null;
      if (parsed.problems.length > 0) {
        return formPage(request, reply, {
          correcting: await known(),
          values,
          errors: ['节假日安排有误，请核对后重新录入。', ...parsed.problems],
          status: 400,
        });
      }
      try {
        // Saves the year and recomputes the due dates of every open application.
        await enterHolidayYear(ctx, principal, parsed.arrangement);
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return formPage(request, reply, {
          correcting: await known(),
          values,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${CALENDAR_HREF}?done=entered&year=${parsed.arrangement.year}`);
    },
  );
}
