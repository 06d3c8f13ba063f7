// The annual report's workflow as a table: every action from every state, allowed or refused with
// the reason; approval refused on error findings and for an author; a published report frozen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../kernel/errors.ts';
import type { Finding } from '../reports/findings.ts';
import { normalizeEdits } from './annual-report.ts';
import {
  applyReportAction,
  initialWorkflowState,
  type ReportAction,
  type WorkflowState,
} from './report-workflow.ts';

const warning: Finding = { rule: 'X4', severity: 'warning', message: '未说明信息处理费' };
const error: Finding = {
  rule: 'R1',
  severity: 'error',
  message: '表三“总计”列不平衡',
  cells: ['table3.rows.total[6]'],
};

function at(state: WorkflowState['state'], overrides: Partial<WorkflowState> = {}): WorkflowState {
  return { ...initialWorkflowState(), state, ...overrides };
}

const actions: Record<string, ReportAction> = {
  save: { type: 'save', by: 'clerk' },
  approve: { type: 'approve', by: 'chief', findings: [warning] },
  revise: { type: 'revise', by: 'chief' },
  publish: { type: 'publish', by: 'chief' },
  import: { type: 'import', by: 'clerk' },
};

// state → action → resulting state, or the refusal's text.
const TABLE: Record<WorkflowState['state'], Record<string, WorkflowState['state'] | RegExp>> = {
  none: {
    save: 'draft',
    approve: 'approved',
    revise: /当前状态为“尚未起草”/,
    publish: /当前状态为“尚未起草”/,
    import: 'published',
  },
  draft: {
    save: 'draft',
    approve: 'approved',
    revise: /当前状态为“草稿”/,
    publish: /当前状态为“草稿”/,
    import: 'published',
  },
  approved: {
    save: /已经审批，请先退回修改/,
    approve: /当前状态为“已审批待发布”/,
    revise: 'draft',
    publish: 'published',
    import: 'published',
  },
  published: {
    save: /已经发布，发布后的报告不能再修改/,
    approve: /已经发布/,
    revise: /已经发布/,
    publish: /已经发布/,
    import: /已有已发布的年度报告/,
  },
};

describe('annual report workflow', () => {
  for (const [state, row] of Object.entries(TABLE)) {
    for (const [name, expected] of Object.entries(row)) {
      it(`${state} + ${name} → ${expected instanceof RegExp ? 'refused' : expected}`, () => {
        const before = at(state as WorkflowState['state']);
        const copy = structuredClone(before);
        if (expected instanceof RegExp) {
          assert.throws(
            () => applyReportAction(before, actions[name]!),
            (e: unknown) =>
              e instanceof DomainError && e.code === 'conflict.state' && expected.test(e.message),
          );
        } else {
          assert.equal(applyReportAction(before, actions[name]!).state, expected);
        }
        assert.deepEqual(before, copy, 'the input state is never changed');
      });
    }
  }

  it('records each author once and refuses approval by an author (separation of duties)', () => {
    let s = applyReportAction(initialWorkflowState(), { type: 'save', by: 'clerk' });
    s = applyReportAction(s, { type: 'save', by: 'clerk' });
    s = applyReportAction(s, { type: 'save', by: 'chief' });
    assert.deepEqual(s.authors, ['clerk', 'chief']);
    assert.throws(
      () => applyReportAction(s, { type: 'approve', by: 'chief', findings: [] }),
      (e: unknown) => e instanceof DomainError && e.code === 'access.separation_of_duties',
    );
    const approved = applyReportAction(s, { type: 'approve', by: 'boss', findings: [] });
    assert.equal(approved.approvedBy, 'boss');
    assert.equal(applyReportAction(approved, { type: 'revise', by: 'boss' }).approvedBy, null);
  });

  it('refuses approval while the checker finds errors, naming each; warnings do not block', () => {
    const s = at('draft');
    try {
      applyReportAction(s, {
        type: 'approve',
        by: 'boss',
        findings: [warning, error, { ...error, message: '另一处' }],
      });
      assert.fail('approved with errors');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'conflict.state');
      assert.equal(e.details.reason, 'report_errors');
      assert.deepEqual(e.details.problems, ['表三“总计”列不平衡', '另一处']);
      assert.match(e.message, /检查发现2处错误/);
    }
    assert.equal(
      applyReportAction(s, { type: 'approve', by: 'boss', findings: [warning] }).state,
      'approved',
    );
  });

  it('an imported report is published at once and never approved again', () => {
    const imported = applyReportAction(at('draft', { authors: ['clerk'] }), { type: 'import', by: 'clerk' });
    assert.deepEqual(imported, { state: 'published', source: 'imported', authors: [], approvedBy: null });
    assert.throws(
      () => applyReportAction({ ...imported, state: 'draft' }, actions.approve!),
      /导入的历史报告无需审批/,
    );
  });
});

describe('edits of sections 一, 五 and 六', () => {
  it('trims paragraphs, drops blank ones and sections left empty', () => {
    const { edits, problems } = normalizeEdits({
      overview: ['  第一段 ', '', '第二段\r\n续'],
      problems: ['  '],
      other: undefined,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(edits, { overview: ['第一段', '第二段\n续'] });
  });

  it('refuses the tables, other sections, wrong shapes, long text and control characters', () => {
    assert.deepEqual(normalizeEdits({ proactive: ['x'] }).problems, [
      '只能修改第一、五、六部分的文字，表格由数据生成',
    ]);
    assert.deepEqual(normalizeEdits({ overview: 'x' }).problems, ['“一、总体情况”的格式不正确']);
    assert.deepEqual(normalizeEdits([]).problems, ['报告正文的格式不正确']);
    assert.deepEqual(normalizeEdits({ other: ['字'.repeat(3001)] }).problems, [
      '“六、其他需要报告的事项”每段不能超过3000个字',
    ]);
    assert.deepEqual(normalizeEdits({ problems: Array(61).fill('段') }).problems, [
      '“五、存在的主要问题及改进情况”不能超过60段',
    ]);
    assert.deepEqual(normalizeEdits({ overview: ['a\u0007b'] }).problems, [
      '“一、总体情况”含有不可见的控制字符',
    ]);
  });
});
