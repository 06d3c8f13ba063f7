import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlausibleEmail, isPostcode, phoneKind } from './contact-formats.ts';

describe('contact formats', () => {
  it('takes plausible e-mail addresses and refuses typing slips', () => {
    for (const ok of ['gongkai@chengliu.example', 'jy.gkb@jiyuan.gov.cn', 'a+b_c%d-e@x-y.z.com', 'A@B.CN'])
      assert.equal(isPlausibleEmail(ok), true, ok);
    for (const bad of [
      '',
      'gongkai',
      '@jiyuan.gov.cn',
      'gongkai@',
      'gongkai@localhost',
      'gong kai@jiyuan.gov.cn',
      'gongkai@jiyuan，gov.cn',
      'gongkai＠jiyuan.gov.cn',
      '.gongkai@jiyuan.gov.cn',
      'gong..kai@jiyuan.gov.cn',
      'gongkai@jiyuan..cn',
      'gongkai@-jiyuan.cn',
      'gongkai@jiyuan.gov.c1',
      '公开@jiyuan.gov.cn',
      `${'a'.repeat(65)}@jiyuan.gov.cn`,
      `a@${'b'.repeat(250)}.cn`,
    ])
      assert.equal(isPlausibleEmail(bad), false, bad);
  });

  it('accepts every telephone number its messages and hints give as an example', () => {
    for (const example of [
      '0391-6612345',
      '(0391)66123456',
      '010-62345678 转 801',
      '12345',
      '0391-12345',
      '13937112345',
    ])
      assert.notEqual(phoneKind(example), null, example);
    // A local number never starts with 0 or 1: the old example 0391-1234567 was refused by this rule.
    assert.equal(phoneKind('0391-1234567'), null);
  });

  it('takes six-digit postcodes only', () => {
    assert.equal(isPostcode('459000'), true);
    for (const bad of ['45900', '4590000', '459 000', '４５９０００', 'abcdef', ''])
      assert.equal(isPostcode(bad), false, bad);
  });
});
