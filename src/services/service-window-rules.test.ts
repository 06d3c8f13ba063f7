// The window rules as tables: every field's problem in Chinese, and which window an item's 办理窗口
// names (as people read names: full-width forms and spaces ignored; closed and unknown ones refused).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  normalizeWindow,
  resolveWindow,
  type WindowInput,
  windowFieldProblems,
} from './service-window-rules.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261127);

const window = (overrides: Partial<WindowInput> = {}): WindowInput => ({
  name: '民政窗口',
  hours: '周一至周五 8:30-12:00，14:30-17:30',
  phone: '0391-5012345',
  location: '一楼 3 号窗口',
  position: null,
  ...overrides,
});

describe('window rules', () => {
  it('accepts a window as the hall writes it', () => {
    assert.deepEqual(windowFieldProblems(window()), []);
    assert.deepEqual(
      windowFieldProblems(window({ hours: '工作日 9:00-17:00；周六 9:00-12:00', position: 0 })),
      [],
    );
    assert.deepEqual(windowFieldProblems(window({ phone: '12345、13812345678', position: 9999 })), []);
  });

  it('names the field of each problem', () => {
    const cases: [Partial<WindowInput>, string, string][] = [
      [{ name: '' }, 'name', '请填写窗口名称'],
      [{ name: '窗'.repeat(51) }, 'name', '窗口名称不能超过 50 个字'],
      [{ name: '民政\n窗口' }, 'name', '窗口名称含有无效字符'],
      [{ hours: '' }, 'hours', '请填写办公时间'],
      [{ hours: '周一至周五 12:00-8:00' }, 'hours', '办公时间“12:00-8:00”的开始时刻应早于结束时刻'],
      [{ phone: '' }, 'phone', '请填写咨询电话'],
      [{ location: ' ' }, 'location', '请填写窗口位置（如“一楼 3 号窗口”）'],
      [{ location: '楼'.repeat(101) }, 'location', '窗口位置不能超过 100 个字'],
      [{ location: '一楼\u0007' }, 'location', '窗口位置含有无效字符'],
      [{ position: -1 }, 'position', '排列顺序应为 0 至 9999 之间的整数，不填时排在最后'],
      [{ position: 1.5 }, 'position', '排列顺序应为 0 至 9999 之间的整数，不填时排在最后'],
      [{ position: 10_000 }, 'position', '排列顺序应为 0 至 9999 之间的整数，不填时排在最后'],
    ];
    for (const [overrides, field, message] of cases)
      assert.deepEqual(
        windowFieldProblems(window(overrides)),
        [{ field, message }],
        JSON.stringify(overrides),
      );
  });

  it('never throws on values of the wrong type', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        (name, hours, phone, location) => {
          const problems = windowFieldProblems({ name, hours, phone, location, position: null } as never);
          return Array.isArray(problems);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('trims the texts it stores', () => {
    assert.deepEqual(
      normalizeWindow(window({ name: ' 民政窗口 ', location: ' 一楼 ' })),
      window({ location: '一楼' }),
    );
  });

  it('resolves an item’s window by its name as people read it, refusing unknown and closed ones', () => {
    const windows = [
      { id: 'a', name: '民政窗口', closedAt: null },
      { id: 'b', name: '综合窗口', closedAt: '2026-01-01T00:00:00.000Z' },
      { id: 'c', name: '社保窗口', closedAt: null },
    ];
    assert.deepEqual(resolveWindow(windows, '民政窗口'), { window: windows[0] });
    assert.deepEqual(resolveWindow(windows, ' 民政 窗口 '), { window: windows[0] });
    assert.deepEqual(resolveWindow(windows, '社保窗口'), { window: windows[2] });
    assert.deepEqual(resolveWindow(windows, '综合窗口'), {
      problem: '办理窗口“综合窗口”已关闭（现有窗口：“民政窗口”、“社保窗口”）',
    });
    assert.deepEqual(resolveWindow(windows, '人社窗口'), {
      problem: '办理窗口“人社窗口”不是本机构的窗口（现有窗口：“民政窗口”、“社保窗口”）',
    });
    assert.deepEqual(resolveWindow([], '民政窗口'), {
      problem: '办理窗口“民政窗口”不是本机构的窗口（本机构还没有窗口，请先添加窗口）',
    });
  });
});
