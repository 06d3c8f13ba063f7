import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromText } from './from-text.ts';

describe('fromText', () => {
  it('reads Markdown headings as headings and tab-separated lines as rows, keeping blank cells', () => {
    const { blocks } = fromText(
      '# 某镇2023年政府信息公开工作年度报告\r\n\r\n### 一、总体情况\n规章\t0\t\t2\n',
    );
    assert.deepEqual(blocks, [
      { kind: 'text', text: '某镇2023年政府信息公开工作年度报告', heading: 1 },
      { kind: 'text', text: '一、总体情况', heading: 3 },
      { kind: 'row', cells: ['规章', '0', '', '2'] },
    ]);
  });

  it('splits pipe tables, skips the separator line and unescapes \\|', () => {
    const { blocks } = fromText('| 信息内容 | 本年处理决定数量 |\n|---|:---:|\n| 行政\\|许可 | 3 |');
    assert.deepEqual(blocks, [
      { kind: 'row', cells: ['信息内容', '本年处理决定数量'], table: 0 },
      { kind: 'row', cells: ['行政|许可', '3'], table: 0 },
    ]);
  });

  it('numbers separate pipe tables and removes Markdown escapes', () => {
    const { blocks } = fromText('| a | 1 |\n\n| b | 2 |\n\n\\# 不是标题 1\\*2\\_3');
    assert.deepEqual(blocks, [
      { kind: 'row', cells: ['a', '1'], table: 0 },
      { kind: 'row', cells: ['b', '2'], table: 1 },
      { kind: 'text', text: '# 不是标题 1*2_3' },
    ]);
  });

  it('treats a label followed by space-separated numbers as a row, but not a sentence', () => {
    const { blocks } = fromText(
      '一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n本年度新收申请 3 件，办结 3 件。\n0 0 0 0 0',
    );
    assert.deepEqual(blocks[0], {
      kind: 'row',
      cells: ['一、本年新收政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0'],
    });
    assert.deepEqual(blocks[1], { kind: 'text', text: '本年度新收申请 3 件，办结 3 件。' });
    assert.deepEqual(blocks[2], { kind: 'row', cells: ['0', '0', '0', '0', '0'] });
  });

  it('splits on runs of two or more spaces (a copy from a PDF)', () => {
    const { blocks } = fromText('信息内容   本年制发件数   本年废止件数');
    assert.deepEqual(blocks, [{ kind: 'row', cells: ['信息内容', '本年制发件数', '本年废止件数'] }]);
  });

  it('drops empty lines and full-width spaces around text', () => {
    const { blocks } = fromText('\u3000\u3000主动公开情况：全年发布信息 12 条。\n\n\t\t\n');
    assert.deepEqual(blocks, [{ kind: 'text', text: '主动公开情况：全年发布信息 12 条。' }]);
  });
});
