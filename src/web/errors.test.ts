import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type ErrorCode } from '../kernel/errors.ts';
import { ERROR_TABLE, toErrorView } from './errors.ts';

const HAN = /\p{Script=Han}/u;

describe('error table', () => {
  it('gives every code a status and a Chinese sentence', () => {
    for (const [code, entry] of Object.entries(ERROR_TABLE)) {
      assert.ok(entry.status >= 400 && entry.status < 600, code);
      assert.match(entry.message, HAN, code);
    }
  });

  it('maps the codes the brief names to their statuses', () => {
    const status = (code: ErrorCode) => toErrorView(new DomainError(code, 'x')).status;
    assert.equal(status('access.not_found'), 404);
    assert.equal(toErrorView(new DomainError('access.not_found', 'x')).message, '页面不存在或您无权访问。');
    assert.equal(status('auth.required'), 401);
    assert.equal(status('input.csrf'), 403);
    assert.equal(status('input.invalid'), 400);
    assert.equal(status('input.rate_limited'), 429);
    assert.equal(status('conflict.exists'), 409);
    assert.equal(status('conflict.state'), 409);
  });

  it('never shows the internal message of a domain error', () => {
    const view = toErrorView(new DomainError('access.forbidden', 'grant g-123 missing on agency a-9'));
    assert.doesNotMatch(view.message, /g-123|a-9/);
  });

  it('shows the Chinese refusal of an input or a state, and never an English developer message', () => {
    const refused = new DomainError('conflict.state', '不能登记“作出答复”：申请当前状态为“待补正”。');
    assert.equal(toErrorView(refused).message, '不能登记“作出答复”：申请当前状态为“待补正”。');
    assert.equal(
      toErrorView(new DomainError('conflict.state', 'stale row 42')).message,
      ERROR_TABLE['conflict.state'].message,
    );
    // Access refusals keep one message, whatever the resource: they must not tell things apart.
    assert.equal(
      toErrorView(new DomainError('access.not_found', '申请不存在或您无权访问')).message,
      ERROR_TABLE['access.not_found'].message,
    );
  });

  it('keeps the problems of a domain error and the time of a lock', () => {
    const policy = toErrorView(
      new DomainError('auth.password_policy', 'x', { problems: ['密码长度至少为8位'] }),
    );
    assert.deepEqual(policy.problems, ['密码长度至少为8位']);
    const locked = toErrorView(
      new DomainError('auth.locked', 'x', { lockedUntil: '2026-03-02T02:30:00.000Z' }),
    );
    assert.match(locked.message, /2026-03-02 10:30/);
  });

  it('turns unknown errors into 500 without their message', () => {
    const view = toErrorView(new Error('ECONNREFUSED 10.0.0.5:5432'));
    assert.equal(view.status, 500);
    assert.doesNotMatch(view.message, /ECONNREFUSED/);
  });

  it('names the field of a schema violation, by its title when the schema has one', () => {
    const missing = toErrorView({
      validation: [
        {
          keyword: 'required',
          instancePath: '',
          params: { missingProperty: 'username' },
          parentSchema: { properties: { username: { title: '用户名' } } },
        },
      ],
      validationContext: 'body',
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.field, 'username');
    assert.equal(missing.message, '提交的内容有误：字段“用户名”必须填写。');
    const long = toErrorView({
      validation: [{ keyword: 'maxLength', instancePath: '/name', params: {} }],
      validationContext: 'body',
    });
    assert.equal(long.message, '提交的内容有误：字段“name”过长。');
  });

  it('maps Fastify body errors to 400 and 413 in Chinese', () => {
    assert.equal(toErrorView({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).status, 413);
    assert.equal(toErrorView({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }).status, 400);
    const file = toErrorView(
      { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 },
      { uploadLimitBytes: 20 * 1024 * 1024 },
    );
    assert.equal(file.status, 413);
    assert.match(file.message, /20 MB/);
  });
});
