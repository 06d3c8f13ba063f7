import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlausibleEmail, isPostcode } from './contact-formats.ts';

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

  it('takes six-digit postcodes only', () => {
    assert.equal(isPostcode('459000'), true);
    for (const bad of ['45900', '4590000', '459 000', '４５９０００', 'abcdef', ''])
      assert.equal(isPostcode(bad), false, bad);
  });
});
