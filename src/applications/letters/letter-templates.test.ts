import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_TEMPLATES,
  LETTER_KINDS,
  PLACEHOLDERS_BY_KIND,
  templateProblems,
} from './letter-templates.ts';
import { MAX_TEMPLATE_LENGTH } from './template-syntax.ts';

describe('templateProblems', () => {
  it('accepts every default template, and each uses every required field of its kind', () => {
    for (const kind of LETTER_KINDS) {
      assert.deepEqual(templateProblems(kind, DEFAULT_TEMPLATES[kind]), [], kind);
      for (const spec of PLACEHOLDERS_BY_KIND[kind])
        if (spec.required)
          assert.ok(DEFAULT_TEMPLATES[kind].includes(`{{${spec.name}}}`), `${kind}: ${spec.name}`);
    }
  });

  it('rejects an unknown placeholder, naming it', () => {
    const problems = templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n{{unknown}}`);
    assert.deepEqual(problems, ['未知的占位符“{{unknown}}”：政府信息公开申请答复告知书不能使用该占位符。']);
  });

  it('rejects unbalanced braces', () => {
    assert.deepEqual(templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n请注意{{broken`), [
      '第11行：“{{”后缺少对应的“}}”。',
    ]);
    assert.deepEqual(templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n请注意broken}}`), [
      '第11行：“}}”前缺少对应的“{{”。',
    ]);
    assert.deepEqual(templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n{{a{{details}}`), [
      '第11行：“{{”后缺少对应的“}}”。',
    ]);
    assert.equal(templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n{{details}}}`).length, 1);
    assert.equal(templateProblems('reply', `${DEFAULT_TEMPLATES.reply}\n{{申请人}}`).length, 1);
  });

  it('rejects a reply template without {{legalBasis}} and any template missing a required field', () => {
    const without = DEFAULT_TEMPLATES.reply.replace('{{legalBasis}}', '依法');
    assert.deepEqual(templateProblems('reply', without), [
      '缺少必需的占位符“{{legalBasis}}”（答复的法律依据）。',
    ]);
    for (const kind of LETTER_KINDS) {
      for (const spec of PLACEHOLDERS_BY_KIND[kind].filter((s) => s.required)) {
        const text = DEFAULT_TEMPLATES[kind].replaceAll(`{{${spec.name}}}`, '');
        assert.ok(
          templateProblems(kind, text).some((p) => p.includes(`{{${spec.name}}}`)),
          `${kind} without ${spec.name}`,
        );
      }
    }
  });

  it('rejects a field of another kind, e.g. the applicant name in a consultation letter', () => {
    const text = `${DEFAULT_TEMPLATES.consultation_letter}\n申请人：{{applicantName}}`;
    assert.equal(templateProblems('consultation_letter', text).length, 1);
    assert.equal(templateProblems('fee_notice', `${DEFAULT_TEMPLATES.fee_notice}\n{{legalBasis}}`).length, 1);
  });

  it('rejects a list field that does not end its line, an empty and an oversized template', () => {
    const moved = DEFAULT_TEMPLATES.supplement_notice.replace(
      '作出补正：{{supplementItems}}',
      '补正{{supplementItems}}事项',
    );
    assert.deepEqual(templateProblems('supplement_notice', moved), [
      '第3行：列表占位符“{{supplementItems}}”必须位于该行末尾。',
    ]);
    assert.ok(templateProblems('reply', ' \n\u3000\n').includes('模板不能为空。'));
    assert.ok(
      templateProblems('reply', DEFAULT_TEMPLATES.reply + '字'.repeat(MAX_TEMPLATE_LENGTH)).some((p) =>
        p.startsWith('模板过长'),
      ),
    );
  });

  it('accepts spaces inside the braces and Windows line ends', () => {
    const text = DEFAULT_TEMPLATES.reply
      .replace('{{legalBasis}}', '{{ legalBasis }}')
      .replaceAll('\n', '\r\n');
    assert.deepEqual(templateProblems('reply', text), []);
  });
});
