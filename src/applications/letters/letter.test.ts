import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OUTCOME_CODES, outcome, outcomeTitle } from '../outcomes.ts';
import { BASE, replyData, sampleData } from './fixture.test.ts';
import {
  chineseDate,
  composeLetter,
  type LetterData,
  letterText,
  maskPersonalNumbers,
  type ReplyData,
} from './letter.ts';
import { DEFAULT_TEMPLATES, LETTER_KIND_LABELS, LETTER_KINDS } from './letter-templates.ts';
import { REMEDY_SENTENCES } from './statutory-text.ts';

const compose = (data: LetterData) => composeLetter(DEFAULT_TEMPLATES[data.kind], data);
const text = (data: LetterData) => letterText(compose(data));

describe('composeLetter with the default templates', () => {
  it('composes every kind: title, 文号, salutation, body and 落款 with Chinese dates', () => {
    for (const kind of LETTER_KINDS) {
      const letter = compose(sampleData(kind));
      assert.equal(letter.title, LETTER_KIND_LABELS[kind]);
      assert.equal(letter.documentNumber, '承政公开〔2026〕3号');
      assert.equal(letter.salutation, kind === 'consultation_letter' ? '某某建筑有限公司：' : '张三：');
      assert.deepEqual(letter.closing, {
        agencyName: '承留镇人民政府',
        date: '2026年12月10日',
        isoDate: '2026-12-10',
      });
      const body = letterText(letter);
      assert.match(body, /2026年11月26日收到/, kind);
      assert.ok(!/\{\{|\}\}/.test(body), `${kind}: a field was left unfilled`);
      assert.ok(body.includes('联系方式：承留镇政务公开办公室，电话0391-6612345'), kind);
    }
  });

  it('formats civil dates as 2026年11月26日 and refuses anything else', () => {
    assert.equal(chineseDate('2026-11-26'), '2026年11月26日');
    assert.equal(chineseDate('2027-01-04'), '2027年1月4日');
    assert.throws(() => chineseDate('2026-02-30'), RangeError);
    assert.throws(() => compose({ ...sampleData('reply'), issuedOn: '2026/12/10' }), RangeError);
  });

  it('补正告知书: the items as a numbered list, the last day, the restart and the abandonment', () => {
    const letter = compose(sampleData('supplement_notice'));
    const list = letter.blocks.find((b) => b.type === 'list');
    assert.deepEqual(list, {
      type: 'list',
      lead: '经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对下列事项作出补正：',
      items: ['所需信息的具体年份', '所需信息涉及的村（社区）名称'],
    });
    const body = letterText(letter);
    assert.ok(body.includes('1．所需信息的具体年份\n2．所需信息涉及的村（社区）名称'));
    assert.ok(body.includes('请您在2026年12月24日之前（含当日）'));
    assert.ok(body.includes('答复期限自本机关收到补正后的申请之日起计算'));
    assert.ok(body.includes('无正当理由逾期不补正的，视为放弃申请'));
    assert.throws(
      () => compose({ ...sampleData('supplement_notice'), supplementItems: [' '] } as LetterData),
      RangeError,
    );
  });

  it('延期答复告知书: 第三十三条第二款, the days added and the new due date, no approver', () => {
    const body = text(sampleData('extension_notice'));
    assert.ok(body.includes('第三十三条第二款'));
    assert.ok(body.includes('答复期限延长15个工作日，本机关将在2027年1月14日之前（含当日）作出答复'));
    assert.ok(body.includes('延期理由：申请所涉信息数量较多，需要逐件检索、核实。'));
    const noReason = text({ ...sampleData('extension_notice'), extensionReason: '' } as LetterData);
    assert.ok(!noReason.includes('延期理由'), 'a line whose fields are empty is left out');
    for (const days of [0, 21, 1.5])
      assert.throws(() => compose({ ...sampleData('extension_notice'), extensionDays: days } as LetterData));
  });

  it('征求意见函: 第三十二条 to a third party, 第三十四条 to an organ, 15 工作日, without the applicant', () => {
    const third = text(sampleData('consultation_letter'));
    assert.ok(third.includes('第三十二条'));
    assert.ok(third.includes('15个工作日内'));
    assert.ok(
      third.includes('逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开'),
    );
    assert.ok(!third.includes('张三'), 'the third party does not learn who applied');
    const organ = text({
      ...sampleData('consultation_letter'),
      party: 'other_organ',
      recipientName: '某某县自然资源局',
    } as LetterData);
    assert.ok(
      organ.startsWith(`${LETTER_KIND_LABELS.consultation_letter}\n承政公开〔2026〕3号\n某某县自然资源局：`),
    );
    assert.ok(organ.includes('第三十四条'));
    assert.ok(organ.includes('逾期未提出意见的，视为同意公开'));
    assert.ok(!organ.includes('第三十二条'));
  });

  it('收费通知: 109号, method, units, standard, amount in 元, 20 工作日 from the day after receipt', () => {
    const body = text(sampleData('fee_notice'));
    assert.ok(body.includes('《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）'));
    assert.ok(body.includes('计收方式：按量计收。'));
    assert.ok(body.includes('计费数量：120页。'));
    assert.ok(body.includes('31—100页（含100页）的部分，收费标准为10元/页'));
    assert.ok(body.includes('收费金额：1100元。'));
    assert.ok(body.includes('自收到本通知之日的次日起20个工作日内缴纳'));
    assert.ok(body.includes('逾期未缴纳的，视为放弃申请'));
    const perCase = text({
      ...sampleData('fee_notice'),
      feeMethod: 'per_case',
      feeUnits: 12,
      feeAmount: 100,
    } as LetterData);
    assert.ok(perCase.includes('计收方式：按件计收。'));
    assert.ok(perCase.includes('第12件申请'));
    assert.ok(perCase.includes('11—30件（含30件）的部分，收费标准为100元/件'));
    assert.throws(() => compose({ ...sampleData('fee_notice'), feeAmount: 0 } as LetterData), RangeError);
  });
});

describe('the reply (答复告知书)', () => {
  it('states the outcome title and its legal basis for each of the 21 outcomes, with the right remedy', () => {
    assert.equal(OUTCOME_CODES.length, 21);
    for (const code of OUTCOME_CODES) {
      const body = text(replyData(code));
      assert.ok(body.includes(`处理结果：${outcomeTitle(code)}。`), code);
      assert.ok(body.includes(outcome(code).basis), code);
      const refuses = outcome(code).group === 'denied' || code === 'partial';
      assert.ok(body.includes(refuses ? REMEDY_SENTENCES.reviewFirst : REMEDY_SENTENCES.either), code);
      // The information is provided only when granted, in full or in part.
      assert.equal(body.includes('提供方式：纸质文本邮寄。'), code === 'granted' || code === 'partial', code);
      assert.equal(body.includes('不予公开部分及其理由'), code === 'partial', code);
    }
  });

  it('lists the reasons for the withheld part of a 部分公开 reply, in order', () => {
    const letter = compose(replyData('partial'));
    const list = letter.blocks.find((b) => b.type === 'list');
    assert.deepEqual(list, {
      type: 'list',
      lead: '不予公开部分及其理由：',
      items: ['不予公开（4.保护第三方合法权益）', '无法提供（1.本机关不掌握相关政府信息）'],
    });
    assert.throws(() => compose(replyData('partial', { withheld: [] })), RangeError);
    assert.throws(() => compose(replyData('partial', { withheld: ['other1'] })), RangeError);
    assert.throws(() => compose(replyData('denied1', { withheld: ['denied2'] })), RangeError);
  });

  it('uses the legal basis passed in, the details and a remedy override', () => {
    const basis =
      '根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，该信息由某某县住房和城乡建设局负责公开。';
    const body = text(
      replyData('unable1', {
        legalBasis: basis,
        details: '联系电话：0391-6600000。',
        remedy: '如不服，可以向某某县人民政府申请行政复议。',
      }),
    );
    assert.ok(body.includes(basis));
    assert.ok(!body.includes(outcome('unable1').basis));
    assert.ok(body.includes('联系电话：0391-6600000。'));
    assert.ok(body.includes('如不服，可以向某某县人民政府申请行政复议。'));
    assert.ok(!body.includes(REMEDY_SENTENCES.either));
  });

  it('requires the delivery form when information is provided', () => {
    assert.throws(() => compose(replyData('granted', { deliveryForm: '' })), RangeError);
    assert.doesNotThrow(() => compose(replyData('denied5', { deliveryForm: '' })));
  });
});

describe('personal data in letters', () => {
  const ID = /(?<![0-9])[0-9]{17}[0-9Xx]/;
  const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
  const HOSTILE = `${'长'.repeat(300)}（身份证号110101199003077777，手机13812345678，电话138-1234-5678）`;

  it('masks 身份证号, mobile and card numbers, keeping the last four digits', () => {
    assert.equal(maskPersonalNumbers('身份证11010119900307777X'), `身份证${'*'.repeat(14)}777X`);
    assert.equal(maskPersonalNumbers('电话13812345678。'), '电话138****5678。');
    assert.equal(maskPersonalNumbers('电话138 1234 5678'), '电话138****5678');
    assert.equal(maskPersonalNumbers('0391-6612345，2026年'), '0391-6612345，2026年');
  });

  it('no letter of any kind contains an ID-like or mobile-like number, even from long free-text fields', () => {
    const hostileBase = {
      ...BASE,
      applicantName: HOSTILE,
      description: HOSTILE,
      contact: `政务公开办 13912345678`,
      // Fields a caller might spread from an application record: never used.
      idNumber: '110101199003077777',
      phone: '13812345678',
    };
    for (const kind of LETTER_KINDS) {
      const data = { ...sampleData(kind, hostileBase), recipientName: HOSTILE, extensionReason: HOSTILE };
      if (data.kind === 'supplement_notice') data.supplementItems = [HOSTILE];
      if (data.kind === 'fee_notice') data.paymentMethod = HOSTILE;
      const body = text(data as LetterData);
      assert.ok(body.includes('长'.repeat(300)), `${kind}: the long field is kept`);
      assert.ok(!ID.test(body), `${kind}: ID-like number`);
      assert.ok(!MOBILE.test(body), `${kind}: mobile-like number`);
    }
    for (const code of OUTCOME_CODES) {
      const data: ReplyData = {
        ...replyData(code),
        applicantName: HOSTILE,
        details: HOSTILE,
        legalBasis: HOSTILE,
      };
      const body = text(data);
      assert.ok(!ID.test(body) && !MOBILE.test(body), code);
    }
  });
});

describe('composeLetter with an edited template', () => {
  it('follows the agency wording and leaves out a line whose fields are all empty', () => {
    const template =
      '尊敬的{{applicantName}}：\n　　您的申请（{{trackingNumber}}）：{{decision}}。\n{{legalBasis}}\n{{withheldReasons}}\n{{deliveryForm}}\n{{remedy}}\n备注：{{details}}';
    const letter = composeLetter(template, replyData('denied3'));
    assert.equal(letter.salutation, '尊敬的张三：');
    assert.deepEqual(
      letter.blocks.map((b) => (b.type === 'paragraph' ? b.text : b.lead)),
      [
        '您的申请（GK-2026-0042）：不予公开（3.危及“三安全一稳定”）。',
        outcome('denied3').basis,
        REMEDY_SENTENCES.reviewFirst,
      ],
    );
  });

  it('refuses a template that fails templateProblems', () => {
    assert.throws(
      () => composeLetter('{{applicantName}}：{{legalBasis}}', replyData('granted')),
      /template is invalid/,
    );
    assert.throws(
      () => composeLetter(DEFAULT_TEMPLATES.reply, sampleData('fee_notice')),
      /template is invalid/,
    );
  });
});
