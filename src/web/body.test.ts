import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../kernel/errors.ts';
import { decodeUtf8, parseForm } from './body.ts';

describe('form bodies', () => {
  it('decodes names and values, + as space, repeated names as arrays', () => {
    const form = parseForm('name=%E6%80%9D%E7%A4%BC%E9%95%87&q=a+b&roles=admin&roles=editor&empty=&flag');
    assert.equal(form.name, '思礼镇');
    assert.equal(form.q, 'a b');
    assert.deepEqual(form.roles, ['admin', 'editor']);
    assert.equal(form.empty, '');
    assert.equal(form.flag, '');
  });

  it('refuses broken %-escapes and escapes that are not UTF-8', () => {
    for (const body of ['name=%E6%80', 'name=%FF', 'name=%zz']) {
      assert.throws(
        () => parseForm(body),
        (e: unknown) => e instanceof DomainError && e.code === 'input.invalid',
        body,
      );
    }
  });

  it('refuses prototype-polluting names', () => {
    assert.throws(() => parseForm('__proto__=x'), DomainError);
  });

  it('refuses bytes that are not UTF-8', () => {
    assert.equal(decodeUtf8(Buffer.from('思礼镇')), '思礼镇');
    assert.throws(() => decodeUtf8(Buffer.from([0x6e, 0x3d, 0xff, 0xfe])), DomainError);
    // GBK bytes of 思礼
    assert.throws(() => decodeUtf8(Buffer.from([0xcb, 0xbc, 0xc0, 0xf1])), DomainError);
  });
});
