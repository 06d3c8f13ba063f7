import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import {
  generatePassword,
  hashPassword,
  needsRehash,
  PRODUCTION_HASHING,
  verifyPassword,
} from './passwords.ts';

describe('password policy', () => {
  it('accepts a long password of three classes', () => {
    assert.deepEqual(checkPasswordPolicy('Chengliu2026', 'chengliu-editor'), []);
    assert.deepEqual(checkPasswordPolicy('liu#ren9qa', 'wang'), []);
  });

  it('names every problem in Chinese', () => {
    assert.deepEqual(checkPasswordPolicy('abc', 'x'), [
      '密码长度至少为8位',
      '密码须包含大写字母、小写字母、数字、特殊字符中的至少3类',
    ]);
    assert.deepEqual(checkPasswordPolicy('abcdefgh1', 'x'), [
      '密码须包含大写字母、小写字母、数字、特殊字符中的至少3类',
    ]);
  });

  it('refuses the username, also inside the password and in other case', () => {
    assert.deepEqual(checkPasswordPolicy('Zhangsan#1', 'zhangsan#1'), [
      '密码不能与用户名相同，也不能包含用户名',
    ]);
    assert.deepEqual(checkPasswordPolicy('My-ZhangSan-9', 'zhangsan'), [
      '密码不能与用户名相同，也不能包含用户名',
    ]);
  });

  it('refuses common passwords that pass the class rules', () => {
    for (const password of ['P@ssw0rd', 'Admin@123', '1qaz@WSX', 'Aa123456']) {
      assert.deepEqual(
        checkPasswordPolicy(password, 'someone'),
        ['该密码过于常见，容易被猜中，请换一个'],
        password,
      );
    }
  });

  it('counts characters, not UTF-16 units, and honours a custom policy', () => {
    assert.deepEqual(checkPasswordPolicy('政务公开aB1!', 'x'), []);
    const strict = { ...DEFAULT_PASSWORD_POLICY, minLength: 12, minClasses: 4 as const, forbidCommon: false };
    assert.deepEqual(checkPasswordPolicy('Chengliu2026', 'x', strict), [
      '密码须包含大写字母、小写字母、数字、特殊字符中的至少4类',
    ]);
    assert.deepEqual(checkPasswordPolicy('Chengliu202!', 'x', strict), []);
    assert.deepEqual(
      checkPasswordPolicy('x'.repeat(129), 'y', { ...DEFAULT_PASSWORD_POLICY, minClasses: 1 }),
      ['密码长度不能超过128位'],
    );
  });

  it('generates passwords that satisfy the policy and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword(16, 'chengliu-admin');
      assert.equal(password.length, 16);
      assert.deepEqual(checkPasswordPolicy(password, 'chengliu-admin'), []);
      assert.doesNotMatch(password, /[0O1lI]/);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
  });
});

describe('argon2id hashes', () => {
  it('hash in production with m=19456, t=2, p=1 and verify', async () => {
    const hash = await hashPassword('Chengliu2026');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(hash, 'Chengliu2026'), true);
    assert.equal(await verifyPassword(hash, 'chengliu2026'), false);
    assert.equal(needsRehash(hash, PRODUCTION_HASHING), false);
    assert.equal(needsRehash(hash, { memoryCost: 1024, timeCost: 1, parallelism: 1 }), true);
  });

  it('treat a malformed hash as a mismatch', async () => {
    assert.equal(await verifyPassword('not a hash', 'x'), false);
    assert.equal(needsRehash('not a hash', PRODUCTION_HASHING), true);
  });
});
