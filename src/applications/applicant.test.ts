import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ApplicantInput,
  applicantProblems,
  isCreditCode,
  isResidentIdNumber,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeApplicant,
  normalizeRequest,
  requestProblems,
} from './applicant.ts';
import { applicant, request, residentId, ZHANG_ID } from './testing.ts';

describe('the applicant (条例第二十九条)', () => {
  it('checks the 身份证号 check digit and the 统一社会信用代码 check character', () => {
    assert.ok(isResidentIdNumber(ZHANG_ID));
    assert.ok(isResidentIdNumber(residentId('11010519491231002')));
    assert.equal(isResidentIdNumber(`${ZHANG_ID.slice(0, 17)}${ZHANG_ID[17] === '0' ? '1' : '0'}`), false);
    assert.equal(isResidentIdNumber('12345'), false);
    assert.ok(isCreditCode('91419001MA447K2D38'));
    assert.equal(isCreditCode('91419001MA447K2D39'), false);
    assert.equal(isCreditCode('91419001MA447K2DI8'), false);
  });

  it('normalises full-width input and accepts a complete applicant and request', () => {
    const a = normalizeApplicant(
      applicant({
        idNumber: ` ${ZHANG_ID.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} `,
        phone: '139-1234-5678',
      }),
    );
    assert.equal(a.idNumber, ZHANG_ID);
    assert.equal(a.phone, '13912345678');
    assert.deepEqual(applicantProblems(a), []);
    assert.deepEqual(requestProblems(normalizeRequest(request()), a), []);
  });

  it('names every problem in Chinese, and refuses values that are not among the choices', () => {
    const bad = normalizeApplicant({
      applicantType: 'toString' as never,
      name: '',
      idKind: 'constructor' as never,
      idNumber: '',
      phone: '电话',
      email: 'not-an-email',
    } as ApplicantInput);
    const problems = applicantProblems(bad);
    for (const expected of [
      '请选择申请人类型',
      '请选择身份证明类型',
      '请填写身份证明号码',
      '联系电话只能包含数字',
      '电子邮箱格式有误',
    ])
      assert.ok(
        problems.some((p) => p.includes(expected)),
        `${expected} in ${problems.join('；')}`,
      );
    const r = requestProblems(
      normalizeRequest({ description: ' ', deliveryForm: '__proto__' as never, deliveryChannel: 'post' }),
      normalizeApplicant(applicant({ address: null })),
    );
    assert.ok(r.some((p) => p.includes('特征性描述')));
    assert.ok(r.some((p) => p.includes('提供形式')));
    assert.ok(r.some((p) => p.includes('通信地址')));
  });

  it('masks personal data for every view that is not the organ’s own staff', () => {
    assert.equal(maskIdNumber(ZHANG_ID), `${ZHANG_ID.slice(0, 4)}**********${ZHANG_ID.slice(-4)}`);
    assert.equal(maskPhone('13912345678'), '139****5678');
    assert.equal(maskName('张三', 'naturalPerson'), '张*');
    assert.equal(maskName('欧阳小明', 'naturalPerson'), '欧***');
    assert.equal(maskName('某某建筑有限公司', 'commercialEnterprise'), '某某建筑有限公司');
    assert.equal(maskEmail('zhangsan@example.com'), 'z***@example.com');
    assert.equal(maskIdNumber(null), '');
  });
});
