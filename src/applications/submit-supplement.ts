// The applicant sends the corrected application through the secret link. The platform confirms it
// on the spot, so the reply period restarts from today (第三十条, 第三十一条第（三）项).
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { calendarForWrite, currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  findApplicationByAccessHash,
  findApplicationRowForUpdate,
  insertEvent,
  insertFile,
} from './application.repository.ts';
import type { SupplementReceivedEvent } from './application.ts';
import { hashAccessToken } from './intake.ts';
import { deriveAfter, loadEvents, saveDerived } from './record-event.ts';
import { acceptedUpload, checkUpload, type UploadedFile } from './uploads.ts';

export const MAX_SUPPLEMENT_TEXT = 4000;

export interface SupplementInput {
  text: string;
  file?: UploadedFile | null;
}

export async function submitSupplement(
  ctx: UseCaseContext,
  token: string,
  input: SupplementInput,
): Promise<void> {
  const found = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await findApplicationByAccessHash(ctx.db, hashAccessToken(token))
    : undefined;
  if (!found) throw new DomainError('access.not_found', '申请不存在');
  const text = input.text.normalize('NFC').trim();
  const problems: string[] = [];
  if (text === '' && !input.file) problems.push('请填写补正内容或上传补正材料');
  if ([...text].length > MAX_SUPPLEMENT_TEXT) problems.push(`补正内容不能超过${MAX_SUPPLEMENT_TEXT}个字`);
  if (input.file) problems.push(...checkUpload(input.file));
  if (problems.length > 0)
    throw new DomainError('input.invalid', problems.join('；'), {
      problems,
      userMessage: problems.join('；'),
    });
  const now = ctx.now();
  const calendar = await currentWorkingDayCalendar(ctx.db);
  const event: SupplementReceivedEvent = { type: 'supplement_received', at: shanghaiDate(now) };
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findApplicationRowForUpdate(trx, found.id);
    if (row?.phase !== 'awaiting_supplement')
      throw new DomainError('conflict.state', 'not awaiting a supplement', {
        userMessage: '该申请当前不需要补正。',
      });
    const events = await loadEvents(trx, row.id);
    const derived = deriveAfter(row, [...events, event], await calendarForWrite(trx, calendar));
    const seq = row.event_count + 1;
    await insertEvent(trx, {
      application_id: row.id,
      seq,
      type: event.type,
      at: event.at,
      data: JSON.stringify(event),
      recorded_by: null,
      recorded_at: now.toISOString(),
    });
    if (text !== '') {
      await insertFile(trx, {
        id: randomUUID(),
        application_id: row.id,
        kind: 'supplement_text',
        filename: `补正内容-${event.at}.txt`,
        media_type: 'text/plain; charset=utf-8',
        size: Buffer.byteLength(text),
        content: Buffer.from(text, 'utf8'),
        created_at: now.toISOString(),
      });
    }
    if (input.file) {
      const file = acceptedUpload(input.file);
      await insertFile(trx, {
        id: randomUUID(),
        application_id: row.id,
        kind: 'supplement',
        filename: file.filename,
        media_type: file.mediaType,
        size: file.content.byteLength,
        content: file.content,
        created_at: now.toISOString(),
      });
    }
    await saveDerived(trx, row, derived, now);
    await appendAudit(
      trx,
      {
        userId: null,
        agencyId: row.agency_id,
        action: 'application.supplement_received',
        objectType: 'application',
        objectId: row.id,
        result: 'ok',
        details: { trackingNumber: row.tracking_number, at: event.at, seq, by: 'applicant' },
      },
      now.toISOString(),
    );
  });
}
