// A user binds an authenticator app: enrolTotp stores a new secret (not yet in force) and returns
// it for the QR code; confirmTotp checks a code from the app and turns the second factor on.
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { sessionRequired } from './auth-rules.ts';
import type { Principal, UseCaseContext, User } from './principal.ts';
import { matchTotp, newTotpSecret, totpUrl } from './totp.ts';
import { findUserRow, findUserRowForUpdate, toUser, type UserRow, updateUserRow } from './user.repository.ts';

export interface TotpEnrolment {
  /** base32, for manual entry */
  secret: string;
  /** otpauth://totp/… for the QR code */
  otpauthUrl: string;
}

async function enrollingUser(ctx: UseCaseContext, principal: Principal): Promise<UserRow> {
  if (!principal.secondFactorOk) {
    throw new DomainError('auth.second_factor_required', '请输入动态验证码完成登录');
  }
  const row = await findUserRow(ctx.db, principal.user.id);
  if (!row || row.disabled === 1) throw sessionRequired();
  if (row.totp_enabled === 1) {
    throw new DomainError('conflict.state', '已绑定动态验证码；如需更换，请联系系统管理员重置');
  }
  return row;
}

export async function enrolTotp(ctx: UseCaseContext, principal: Principal): Promise<TotpEnrolment> {
  const row = await enrollingUser(ctx, principal);
  const secret = newTotpSecret();
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { totp_secret: secret, totp_last_step: null, updated_at: at });
    await appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: 'auth.totp_enrol_start',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: {},
      },
      at,
    );
  });
  return { secret, otpauthUrl: totpUrl(secret, row.username) };
}

export async function confirmTotp(ctx: UseCaseContext, principal: Principal, code: string): Promise<User> {
  const row = await enrollingUser(ctx, principal);
  if (row.totp_secret === null) throw new DomainError('conflict.state', '请先开始绑定动态验证码');
  const now = ctx.now();
  const at = now.toISOString();
  const step = matchTotp(row.totp_secret, String(code ?? ''), now, null);
  const audit = (trx: typeof ctx.db, result: 'ok' | 'failed') =>
    appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: 'auth.totp_enrol',
        objectType: 'user',
        objectId: row.id,
        result,
        details: {},
      },
      at,
    );
  if (step === null) {
    await ctx.db.transaction().execute((trx) => audit(trx, 'failed'));
    throw new DomainError(
      'auth.second_factor_invalid',
      '动态验证码不正确，请核对手机时间后输入验证器中的最新验证码',
    );
  }
  const fields = { totp_enabled: 1, totp_last_step: step, updated_at: at };
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findUserRowForUpdate(trx, row.id);
    if (!current || current.totp_secret !== row.totp_secret || current.totp_enabled === 1) {
      throw new DomainError('conflict.state', '绑定状态已改变，请重新开始绑定');
    }
    await updateUserRow(trx, row.id, fields);
    await audit(trx, 'ok');
  });
  return toUser({ ...row, ...fields });
}
