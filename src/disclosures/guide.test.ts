import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeCatalogue } from './catalogue.ts';
import { buildGuide, type GuideInput, NOT_SET } from './guide.ts';

function input(overrides: Partial<GuideInput> = {}): GuideInput {
  return {
    agency: {
      name: '承留镇人民政府',
      kind: 'town',
      contact: { office: '承留镇党政综合办公室', address: '济源市承留镇政府大院', phone: '0391-6000000' },
    },
    parent: { name: '济源产城融合示范区', kind: 'region' },
    categories: mergeCatalogue('town', []),
    channels: ['wechat'],
    applyHref: '/agencies/a1/apply',
    ...overrides,
  };
}

const text = (value: unknown) => JSON.stringify(value);

describe('政府信息公开指南', () => {
  it('prints the contact settings and 未设置 for the missing ones', () => {
    const guide = buildGuide(input());
    const byLabel = new Map(guide.contact.map((f) => [f.label, f]));
    assert.equal(byLabel.get('办公地址')?.value, '济源市承留镇政府大院');
    assert.equal(byLabel.get('联系电话')?.value, '0391-6000000');
    assert.deepEqual(byLabel.get('传真号码'), { label: '传真号码', value: NOT_SET, missing: true });
    assert.equal(byLabel.get('办公时间')?.value, NOT_SET);
    // The ways to apply that need a missing setting say so instead of printing an empty address.
    const fax = guide.application?.channels.find((c) => c.label === '传真申请');
    assert.deepEqual(fax, { label: '传真申请', value: NOT_SET, missing: true });
    assert.match(
      guide.application?.channels.find((c) => c.label === '当面申请')?.value ?? '',
      /办公时间（未设置）/,
    );
  });

  it('lists the catalogue as the scope, the channels and the 20 working days of 第二十六条', () => {
    const guide = buildGuide(input());
    assert.equal(guide.proactive.scope[0]?.label, '法定主动公开内容（条例第二十条）');
    assert.equal(guide.proactive.scope[0]?.categories.length, 15);
    assert.ok(guide.proactive.scope.some((g) => g.categories.includes('宅基地使用情况审核')));
    assert.ok(guide.proactive.channels.includes('政务微信公众号'));
    assert.match(guide.proactive.timeLimit, /20个工作日内.*条例第二十六条/);
  });

  it('leaves hidden categories out of the scope', () => {
    const categories = mergeCatalogue('town', [
      { code: 'JC05', group: 'basic', name: '税收管理', position: 0, hidden: true },
    ]);
    assert.ok(!text(buildGuide(input({ categories })).proactive).includes('税收管理'));
  });

  it('explains 依申请公开: form contents, 20+20 working days, 补正 and the fee tariff', () => {
    const application = buildGuide(input()).application;
    assert.ok(application);
    assert.equal(application.formContents.length, 3);
    assert.match(application.timeLimits.join(''), /20个工作日内予以答复.*最长不超过20个工作日/);
    assert.match(application.supplement, /7个工作日内一次性告知/);
    const fees = application.fees.join('');
    assert.match(fees, /国办函〔2020〕109号/);
    assert.match(fees, /10件以下（含10件）的，不收费；11—30件（含30件）的部分，按100元\/件收取/);
    assert.match(fees, /31—100页（含100页）的部分按10元\/页收取/);
    assert.match(fees, /201页以上的部分按40元\/页收取/);
    assert.equal(application.outcomes.length, 7);
  });

  it('names the parent agency for 投诉、举报 and 行政复议', () => {
    const remedies = buildGuide(input()).remedies.join('');
    assert.match(remedies, /上一级行政机关（济源产城融合示范区）/);
    assert.match(remedies, /向济源产城融合示范区申请行政复议/);
    assert.match(remedies, /行政诉讼/);
    assert.match(
      buildGuide(input({ parent: null })).remedies.join(''),
      /上一级行政机关或者政府信息公开工作主管部门/,
    );
  });

  it('gives a village no 依申请公开 section (条例第二十七条)', () => {
    const guide = buildGuide(
      input({
        agency: { name: '南山村民委员会', kind: 'village', contact: {} },
        parent: { name: '承留镇', kind: 'town' },
        categories: mergeCatalogue('village', []),
      }),
    );
    assert.equal(guide.application, null);
    assert.match(guide.noApplication ?? '', /第二十七条/);
    assert.ok(!text(guide).includes('依申请公开'));
    assert.ok(!text(guide.remedies).includes('行政复议'));
  });
});
