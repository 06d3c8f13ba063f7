// The windows and the item catalogue stored on both engines: use cases with their checks, versions,
// access and audit; the XLSX import all or nothing, only the valid rows when the clerk accepts that,
// and an export imported again changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createUser, type Principal } from '../agencies/index.ts';
import {
  buildFixture,
  type Fixture,
  SYSTEM,
  signIn,
  type TestContext,
  testContext,
} from '../agencies/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  buildServiceItemTemplate,
  checkServiceImport,
  createItem,
  createWindow,
  exportCatalogue,
  getItem,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  importableItems,
  importableWindows,
  importServiceItems,
  listItems,
  listWindows,
  readServiceItemsWorkbook,
  type ServiceItem,
  setItemWithdrawnState,
  setWindowClosed,
  updateItem,
  updateWindow,
  WINDOWS_SHEET,
  type WindowInput,
} from './index.ts';
import { sampleItem } from './testing.ts';

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${error}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(String(error.details.userMessage ?? error.message), message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

function win(overrides: Partial<WindowInput> = {}): WindowInput {
  return {
    name: '民政窗口',
    hours: '周一至周五 8:30-12:00，14:30-17:30',
    phone: '0391-5012345',
    location: '一楼 3 号窗口',
    position: null,
    ...overrides,
  };
}

/** A workbook in the template's layout with these rows under the headers. */
async function workbook(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await buildServiceItemTemplate()) as never);
  const sheet = wb.getWorksheet(ITEMS_SHEET)!;
  rows.forEach((row, i) => {
    sheet.getRow(i + 2).values = row;
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The cells of an item's row as the template lays them out. */
function cells(item: ServiceItem): ExcelJS.CellValue[] {
  const labels: Record<string, string> = { town: '乡镇级', village: '村级', payment: '行政给付' };
  return ITEM_COLUMNS.map((c) => {
    const v = item[c.field];
    if (c.field === 'level' || c.field === 'type') return labels[v as string] ?? '公共服务';
    if (Array.isArray(v)) return v.join('\n');
    if (v === null) return c.field === 'fee' ? '不收费' : '';
    return v as ExcelJS.CellValue;
  });
}

for (const engine of ENGINES) {
  describe(`service catalogue stored on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let fx: Fixture;
    let clerk: Principal;
    let siliClerk: Principal;
    let editor: Principal;
    let supervisor: Principal;

    async function person(agencyId: string, username: string, roles: ('service' | 'editor')[]) {
      const { initialPassword } = await createUser(ctx, SYSTEM, {
        agencyId,
        username,
        displayName: username,
        roles,
      });
      return (await signIn(ctx, username, initialPassword)).principal;
    }

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      fx = await buildFixture(ctx);
      clerk = await person(fx.chengliu, 'cl-service', ['service']);
      siliClerk = await person(fx.sili, 'sl-service', ['service']);
      editor = await person(fx.chengliu, 'cl-editor2', ['editor']);
      supervisor = (await signIn(ctx, 'jy-supervisor', fx.passwords.get('jy-supervisor')!)).principal;
    });
    after(async () => database?.drop());

    it('keeps the windows: names unique per agency, hours and phone checked, closing refused while items are offered', async () => {
      const minzheng = await createWindow(ctx, clerk, { agencyId: fx.chengliu, window: win() });
      assert.equal(minzheng.position, 0);
      const zonghe = await createWindow(ctx, clerk, {
        agencyId: fx.chengliu,
        window: win({ name: ' 综合窗口 ', location: '一楼 1 号窗口' }),
      });
      assert.equal(zonghe.name, '综合窗口');
      assert.equal(zonghe.position, 1);
      // The same name as people read it (full-width, spaces) is the same window.
      await rejects(
        createWindow(ctx, clerk, { agencyId: fx.chengliu, window: win({ name: '民政 窗口' }) }),
        'input.invalid',
        /窗口名称“民政 窗口”已被本机构的其他窗口使用/,
      );
      const bad = await rejects(
        createWindow(ctx, clerk, {
          agencyId: fx.chengliu,
          window: win({ name: '人社窗口', hours: '周一至周五 17:00-8:00', phone: '5012345', location: '' }),
        }),
        'input.invalid',
      );
      assert.deepEqual(bad.details.problems, [
        '办公时间“17:00-8:00”的开始时刻应早于结束时刻',
        '咨询电话“5012345”格式不正确：固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码',
        '请填写窗口位置（如“一楼 3 号窗口”）',
      ]);
      // Another town's hall may have a window of the same name.
      await createWindow(ctx, siliClerk, { agencyId: fx.sili, window: win() });

      const before = (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 })).length;
      const same = await updateWindow(ctx, clerk, {
        agencyId: fx.chengliu,
        windowId: zonghe.id,
        window: win({ name: '综合窗口', location: '一楼 1 号窗口', position: 1 }),
      });
      assert.equal(same.updatedAt, zonghe.updatedAt, 'an edit that changes nothing writes nothing');
      assert.equal(
        (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 })).length,
        before,
      );
      const moved = await updateWindow(ctx, clerk, {
        agencyId: fx.chengliu,
        windowId: zonghe.id,
        window: win({ name: '综合受理窗口', location: '一楼 1 号窗口', position: 0 }),
      });
      assert.equal(moved.name, '综合受理窗口');
      await rejects(
        updateWindow(ctx, clerk, {
          agencyId: fx.chengliu,
          windowId: zonghe.id,
          window: win({ name: '民政窗口' }),
        }),
        'input.invalid',
        /已被本机构的其他窗口使用/,
      );

      const item = await createItem(ctx, clerk, {
        agencyId: fx.chengliu,
        item: sampleItem({ name: '残疾人两项补贴申请', window: '民政窗口' }),
      });
      await rejects(
        setWindowClosed(ctx, clerk, { agencyId: fx.chengliu, windowId: minzheng.id, closed: true }),
        'input.invalid',
        /还在办理 1 个事项（“残疾人两项补贴申请”）/,
      );
      await setItemWithdrawnState(ctx, clerk, { agencyId: fx.chengliu, itemId: item.id, withdrawn: true });
      const closed = await setWindowClosed(ctx, clerk, {
        agencyId: fx.chengliu,
        windowId: minzheng.id,
        closed: true,
      });
      assert.ok(closed.closedAt);
      // A withdrawn item whose window is closed is not restored.
      await rejects(
        setItemWithdrawnState(ctx, clerk, { agencyId: fx.chengliu, itemId: item.id, withdrawn: false }),
        'input.invalid',
        /事项未恢复：办理窗口“民政窗口”已关闭/,
      );
      await setWindowClosed(ctx, clerk, { agencyId: fx.chengliu, windowId: minzheng.id, closed: false });
      const restored = await setItemWithdrawnState(ctx, clerk, {
        agencyId: fx.chengliu,
        itemId: item.id,
        withdrawn: false,
      });
      assert.equal(restored.withdrawnAt, null);
      assert.equal(restored.version, 1, 'withdrawing is no change of content');

      const windows = await listWindows(ctx, clerk, fx.chengliu);
      assert.deepEqual(
        windows.map((w) => [w.name, w.position]),
        [
          ['民政窗口', 0],
          ['综合受理窗口', 0],
        ],
      );
      const actions = (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 }))
        .map((r) => r.action)
        .filter((a) => a.startsWith('service.window.'));
      assert.deepEqual(actions.sort(), [
        'service.window.close',
        'service.window.create',
        'service.window.create',
        'service.window.reopen',
        'service.window.update',
      ]);
    });

    it('versions an item: each change of content +1 and kept, an unchanged edit writes nothing, a stale form refused', async () => {
      const created = await createItem(ctx, clerk, {
        agencyId: fx.chengliu,
        item: sampleItem({ window: ' 民政窗口 ', version: 7, fee: '不收费' }),
      });
      assert.equal(created.version, 1, 'the stored version starts at 1 whatever the input says');
      assert.equal(created.fee, null);
      assert.equal(created.window, '民政窗口');
      const auditBefore = (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 })).length;

      const unchanged = await updateItem(ctx, clerk, {
        agencyId: fx.chengliu,
        itemId: created.id,
        version: 1,
        item: sampleItem({ window: '民政窗口', materials: ['申请书', ' 户口簿及身份证复印件 '] }),
      });
      assert.equal(unchanged.changed, false);
      assert.equal(unchanged.item.version, 1);
      assert.equal((await getItem(ctx, clerk, fx.chengliu, created.id)).versions.length, 1);
      assert.equal(
        (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 })).length,
        auditBefore,
      );

      const v2 = await updateItem(ctx, clerk, {
        agencyId: fx.chengliu,
        itemId: created.id,
        version: 1,
        item: sampleItem({ promisedLimitDays: 10, window: '民政窗口' }),
      });
      assert.equal(v2.changed, true);
      assert.equal(v2.item.version, 2);
      const v3 = await updateItem(ctx, clerk, {
        agencyId: fx.chengliu,
        itemId: created.id,
        version: 2,
        item: sampleItem({ promisedLimitDays: 10, window: '综合受理窗口' }),
      });
      assert.equal(v3.item.version, 3);
      assert.equal(v3.item.window, '综合受理窗口');
      await rejects(
        updateItem(ctx, clerk, {
          agencyId: fx.chengliu,
          itemId: created.id,
          version: 2,
          item: sampleItem({ promisedLimitDays: 5 }),
        }),
        'input.invalid',
        /已被修改/,
      );
      const { item, versions } = await getItem(ctx, clerk, fx.chengliu, created.id);
      assert.equal(item.version, 3);
      assert.deepEqual(
        versions.map((v) => [v.version, v.item.promisedLimitDays, v.item.window, v.source]),
        [
          [3, 10, '综合受理窗口', 'manual'],
          [2, 10, '民政窗口', 'manual'],
          [1, 15, '民政窗口', 'manual'],
        ],
      );
      assert.equal(versions[2]!.changedBy, clerk.user.id);
      const audit = (await listAudit(database.db, { agencyIds: [fx.chengliu], limit: 10_000 })).filter(
        (r) => r.object_id === created.id,
      );
      assert.deepEqual(
        audit.map((r) => [r.action, JSON.parse(r.details).changed]),
        [
          ['service.item.update', ['window']],
          ['service.item.update', ['promisedLimitDays']],
          ['service.item.create', undefined],
        ],
      );

      // Renaming the window names it anew on the item, without a new version.
      const windows = await listWindows(ctx, clerk, fx.chengliu);
      const zonghe = windows.find((w) => w.name === '综合受理窗口')!;
      await updateWindow(ctx, clerk, {
        agencyId: fx.chengliu,
        windowId: zonghe.id,
        window: win({ name: '综合窗口', location: zonghe.location, position: zonghe.position }),
      });
      const renamed = (await getItem(ctx, clerk, fx.chengliu, created.id)).item;
      assert.equal(renamed.window, '综合窗口');
      assert.equal(renamed.version, 3);
    });

    it('refuses an item whose window is not an open window of the agency, or whose name is taken at its level', async () => {
      await rejects(
        createItem(ctx, clerk, {
          agencyId: fx.chengliu,
          item: sampleItem({ name: '新事项', window: '不存在窗口' }),
        }),
        'input.invalid',
        /办理窗口“不存在窗口”不是本机构的窗口（现有窗口：“民政窗口”、“综合窗口”）/,
      );
      // 思礼镇's window of the same name is another hall's.
      await rejects(
        createItem(ctx, siliClerk, {
          agencyId: fx.sili,
          item: sampleItem({ name: '新事项', window: '综合窗口' }),
        }),
        'input.invalid',
        /不是本机构的窗口（现有窗口：“民政窗口”）/,
      );
      await rejects(
        createItem(ctx, clerk, {
          agencyId: fx.chengliu,
          item: sampleItem({ name: '农村五保供养审批 ', window: '民政窗口' }),
        }),
        'input.invalid',
        /乡镇级事项中已有“农村五保供养审批”/,
      );
      const village = await createItem(ctx, clerk, {
        agencyId: fx.chengliu,
        item: sampleItem({ level: 'village', window: '民政窗口' }),
      });
      assert.equal(village.level, 'village');
      const bad = await rejects(
        createItem(ctx, clerk, {
          agencyId: fx.chengliu,
          item: sampleItem({ name: '', legalLimitDays: 5, promisedLimitDays: 9, onlineUrl: 'http://x.cn' }),
        }),
        'input.invalid',
      );
      assert.deepEqual(bad.details.problems, [
        '请填写事项名称',
        '承诺时限（9 个工作日）不能长于法定时限（5 个工作日）',
        '在线办理地址应以 https:// 开头',
      ]);
    });

    it('lets only the agency’s service clerks and admins write, supervisors read, and hides another town’s catalogue', async () => {
      const items = await listItems(ctx, supervisor, fx.chengliu);
      assert.ok(items.length >= 2);
      await rejects(
        createItem(ctx, supervisor, { agencyId: fx.chengliu, item: sampleItem({ name: '监督者事项' }) }),
        'access.forbidden',
      );
      await rejects(listItems(ctx, editor, fx.chengliu), 'access.forbidden');
      await rejects(
        createWindow(ctx, editor, { agencyId: fx.chengliu, window: win({ name: '撰稿窗口' }) }),
        'access.forbidden',
      );
      await rejects(listItems(ctx, siliClerk, fx.chengliu), 'access.not_found');
      await rejects(listWindows(ctx, siliClerk, fx.chengliu), 'access.not_found');
      // 承留镇's item under 思礼镇's path, by its own clerk: as if there were none.
      const own = items[0]!;
      await rejects(getItem(ctx, clerk, fx.sili, own.id), 'access.not_found');
      await rejects(getItem(ctx, siliClerk, fx.sili, own.id), 'access.not_found', /事项不存在/);
      await rejects(
        updateItem(ctx, siliClerk, {
          agencyId: fx.sili,
          itemId: own.id,
          version: own.version,
          item: sampleItem(),
        }),
        'access.not_found',
      );
      await rejects(
        setItemWithdrawnState(ctx, siliClerk, { agencyId: fx.sili, itemId: own.id, withdrawn: true }),
        'access.not_found',
      );
      const window = (await listWindows(ctx, clerk, fx.chengliu))[0]!;
      await rejects(
        setWindowClosed(ctx, siliClerk, { agencyId: fx.sili, windowId: window.id, closed: true }),
        'access.not_found',
      );
      // The town's admin (cl-admin) keeps the catalogue too.
      const admin = (await signIn(ctx, 'cl-admin', fx.passwords.get('cl-admin')!)).principal;
      const byAdmin = await createItem(ctx, admin, {
        agencyId: fx.chengliu,
        item: sampleItem({ name: '管理员添加的事项', window: '综合窗口' }),
      });
      assert.equal(byAdmin.version, 1);
      assert.equal((await getItem(ctx, clerk, fx.chengliu, own.id)).item.id, own.id);
    });

    it('adds an item once when several requests race for its name', async () => {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((n) =>
          createItem(ctx, clerk, {
            agencyId: fx.chengliu,
            item: sampleItem({ name: '并发事项', window: '民政窗口', basis: `依据${n}` }),
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') {
          assert.ok(r.reason instanceof DomainError, String(r.reason));
          assert.equal(r.reason.code, 'input.invalid');
          assert.match(String(r.reason.details.userMessage), /已有“并发事项”/);
        }
    });

    it('imports a file with two bad rows only when asked, then exactly the valid rows; re-importing the export changes nothing', async () => {
      const agencyId = fx.sili;
      await createWindow(ctx, siliClerk, { agencyId, window: win({ name: '综合窗口', location: '一楼' }) });
      const rows = [
        cells(sampleItem({ name: '导入事项一', window: '民政窗口' })),
        // Row 3: the rules (承诺 longer than 法定).
        cells(
          sampleItem({ name: '导入事项二', legalLimitDays: 5, promisedLimitDays: 9, window: '民政窗口' }),
        ),
        cells(sampleItem({ name: '导入事项三', level: 'village', window: '综合窗口' })),
        // Row 5: a window the town does not have.
        cells(sampleItem({ name: '导入事项四', window: '社保窗口' })),
      ];
      const parsed = await readServiceItemsWorkbook(await workbook(rows));
      const checked = await checkServiceImport(ctx, siliClerk, agencyId, parsed);
      const problems = checked.rows.flatMap((r) => r.problems);
      assert.deepEqual(
        problems.map((p) => [p.row, p.column, p.reason]),
        [
          [3, '承诺时限（工作日）', '承诺时限（9 个工作日）不能长于法定时限（5 个工作日）'],
          [5, '办理窗口', '办理窗口“社保窗口”不是本机构的窗口（现有窗口：“民政窗口”、“综合窗口”）'],
        ],
      );
      assert.deepEqual(
        checked.outcomes.map((o) => [o.row, o.outcome]),
        [
          [2, 'created'],
          [4, 'created'],
        ],
      );
      assert.equal((await listItems(ctx, siliClerk, agencyId)).length, 0, 'checking writes nothing');
      // Importing the whole file is refused as a whole.
      await rejects(
        importServiceItems(ctx, siliClerk, { agencyId, items: validOf(parsed) }),
        'input.invalid',
        /未导入任何内容/,
      );
      assert.equal((await listItems(ctx, siliClerk, agencyId)).length, 0);

      const result = await importServiceItems(ctx, siliClerk, { agencyId, items: importableItems(checked) });
      assert.deepEqual(result, { created: 2, changed: 0, unchanged: 0, windows: NO_WINDOWS });
      const stored = await listItems(ctx, siliClerk, agencyId);
      assert.deepEqual(stored.map((i) => [i.name, i.level, i.window, i.version]).sort(), [
        ['导入事项一', 'town', '民政窗口', 1],
        ['导入事项三', 'village', '综合窗口', 1],
      ]);
      const { versions } = await getItem(ctx, siliClerk, agencyId, stored[0]!.id);
      assert.deepEqual(
        versions.map((v) => v.source),
        ['import'],
      );

      // The export read back and imported: nothing written, not even an audit record.
      const auditBefore = (await listAudit(database.db, { agencyIds: [agencyId], limit: 10_000 })).length;
      const again = await checkServiceImport(
        ctx,
        siliClerk,
        agencyId,
        await readServiceItemsWorkbook(await exportCatalogue(ctx, siliClerk, agencyId)),
      );
      assert.deepEqual(
        again.rows.flatMap((r) => r.problems),
        [],
      );
      assert.deepEqual(
        again.outcomes.map((o) => o.outcome),
        ['unchanged', 'unchanged'],
      );
      assert.deepEqual(
        await importServiceItems(ctx, siliClerk, {
          agencyId,
          windows: importableWindows(again),
          items: importableItems(again),
        }),
        {
          created: 0,
          changed: 0,
          unchanged: 2,
          windows: { created: 0, changed: 0, unchanged: 2 },
        },
      );
      assert.equal(
        (await listAudit(database.db, { agencyIds: [agencyId], limit: 10_000 })).length,
        auditBefore,
      );
      assert.deepEqual(
        (await listItems(ctx, siliClerk, agencyId)).map((i) => [i.version, i.updatedAt]),
        stored.map((i) => [i.version, i.updatedAt]),
      );

      // A changed row makes a new version of that item only.
      const changed = await readServiceItemsWorkbook(
        await workbook([
          cells(sampleItem({ name: '导入事项一', window: '民政窗口', promisedLimitDays: 3 })),
          cells(sampleItem({ name: '导入事项三', level: 'village', window: '综合窗口' })),
        ]),
      );
      const checkedChange = await checkServiceImport(ctx, siliClerk, agencyId, changed);
      assert.deepEqual(
        checkedChange.outcomes.map((o) => o.outcome),
        ['changed', 'unchanged'],
      );
      assert.deepEqual(
        await importServiceItems(ctx, siliClerk, { agencyId, items: importableItems(checkedChange) }),
        { created: 0, changed: 1, unchanged: 1, windows: NO_WINDOWS },
      );
      const after = await listItems(ctx, siliClerk, agencyId);
      assert.deepEqual(after.map((i) => [i.name, i.version, i.promisedLimitDays]).sort(), [
        ['导入事项一', 2, 3],
        ['导入事项三', 1, 15],
      ]);
      const imports = (await listAudit(database.db, { agencyIds: [agencyId], limit: 10_000 })).filter(
        (r) => r.action === 'service.item.import',
      );
      assert.deepEqual(
        imports.map((r) => JSON.parse(r.details)),
        [
          { created: [], changed: ['导入事项一'], unchanged: 1, windows: { created: [], changed: [] } },
          {
            created: ['导入事项一', '导入事项三'],
            changed: [],
            unchanged: 0,
            windows: { created: [], changed: [] },
          },
        ],
      );

      // A withdrawn item is not brought back by an import.
      const one = after.find((i) => i.name === '导入事项一')!;
      await setItemWithdrawnState(ctx, siliClerk, { agencyId, itemId: one.id, withdrawn: true });
      const withdrawnRow = await checkServiceImport(ctx, siliClerk, agencyId, changed);
      assert.match(withdrawnRow.rows[0]!.problems[0]!.reason, /已撤回，导入不会恢复它/);
      await rejects(
        importServiceItems(ctx, siliClerk, { agencyId, items: validOf(changed) }),
        'input.invalid',
      );
      // Another town's clerk neither checks nor imports here.
      await rejects(checkServiceImport(ctx, clerk, agencyId, changed), 'access.not_found');
      await rejects(
        importServiceItems(ctx, clerk, { agencyId, items: validOf(changed) }),
        'access.not_found',
      );
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });

    it('imports the windows sheet first: new windows named by the items, changed ones updated, closed ones refused', async () => {
      const agencyId = fx.chengliu;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await buildServiceItemTemplate()) as never);
      const windows = wb.getWorksheet(WINDOWS_SHEET)!;
      windows.getRow(2).values = ['社保窗口', '周一至周五 9:00-17:00', '0391-5016666', '二楼 1 号窗口'];
      // 民政窗口 exists: its hours change.
      windows.getRow(3).values = ['民政窗口', '周一至周六 8:00-12:00', '0391-5012345', '一楼 3 号窗口'];
      windows.getRow(4).values = ['社保 窗口', '周一 9:00-10:00', '12345', '二楼'];
      const items = wb.getWorksheet(ITEMS_SHEET)!;
      items.getRow(2).values = cells(sampleItem({ name: '城乡居民养老保险参保登记', window: '社保窗口' }));
      const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      const parsed = await readServiceItemsWorkbook(bytes);
      assert.equal(parsed.fileProblem, null);
      const checked = await checkServiceImport(ctx, clerk, agencyId, parsed);
      assert.deepEqual(
        checked.windows.flatMap((r) => r.problems.map((p) => [p.sheet, p.row, p.column, p.reason])),
        [
          [WINDOWS_SHEET, 2, '窗口名称', '与第 4 行的窗口名称相同'],
          [WINDOWS_SHEET, 4, '窗口名称', '与第 2 行的窗口名称相同'],
        ],
      );
      // Row 2 of the windows is refused, so the item names no window.
      assert.match(checked.rows[0]!.problems[0]!.reason, /办理窗口“社保窗口”不是本机构的窗口/);
      windows.getRow(4).values = [];
      const fixed = await checkServiceImport(
        ctx,
        clerk,
        agencyId,
        await readServiceItemsWorkbook(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)),
      );
      assert.deepEqual(
        [...fixed.windows, ...fixed.rows].flatMap((r) => r.problems),
        [],
      );
      assert.deepEqual(
        fixed.windowOutcomes.map((o) => [o.name, o.outcome]),
        [
          ['社保窗口', 'created'],
          ['民政窗口', 'changed'],
        ],
      );
      const result = await importServiceItems(ctx, clerk, {
        agencyId,
        windows: importableWindows(fixed),
        items: importableItems(fixed),
      });
      assert.deepEqual(result, {
        created: 1,
        changed: 0,
        unchanged: 0,
        windows: { created: 1, changed: 1, unchanged: 0 },
      });
      const stored = await listWindows(ctx, clerk, agencyId);
      assert.equal(stored.find((w) => w.name === '民政窗口')!.hours, '周一至周六 8:00-12:00');
      const shebao = stored.find((w) => w.name === '社保窗口')!;
      assert.equal(shebao.position, Math.max(...stored.map((w) => w.position)));
      const item = (await listItems(ctx, clerk, agencyId)).find(
        (i) => i.name === '城乡居民养老保险参保登记',
      )!;
      assert.equal(item.windowId, shebao.id);

      // The export carries the open windows; read back it changes nothing.
      const again = await checkServiceImport(
        ctx,
        clerk,
        agencyId,
        await readServiceItemsWorkbook(await exportCatalogue(ctx, clerk, agencyId)),
      );
      assert.ok(again.windowOutcomes.length >= 3);
      assert.ok(again.windowOutcomes.every((o) => o.outcome === 'unchanged'));
      assert.ok(again.outcomes.every((o) => o.outcome === 'unchanged'));

      // A closed window in the sheet is not opened again by an import.
      const zonghe = stored.find((w) => w.name === '综合窗口')!;
      await setItemWithdrawnState(ctx, clerk, {
        agencyId,
        itemId: (await listItems(ctx, clerk, agencyId, { windowId: zonghe.id })).find(
          (i) => i.withdrawnAt === null,
        )!.id,
        withdrawn: true,
      });
      for (const i of await listItems(ctx, clerk, agencyId, { windowId: zonghe.id }))
        if (i.withdrawnAt === null)
          await setItemWithdrawnState(ctx, clerk, { agencyId, itemId: i.id, withdrawn: true });
      await setWindowClosed(ctx, clerk, { agencyId, windowId: zonghe.id, closed: true });
      const reopen = new ExcelJS.Workbook();
      await reopen.xlsx.load(Buffer.from(await buildServiceItemTemplate()) as never);
      reopen.getWorksheet(WINDOWS_SHEET)!.getRow(2).values = [
        '综合窗口',
        '工作日 9:00-17:00',
        '12345',
        '一楼',
      ];
      const closedCheck = await checkServiceImport(
        ctx,
        clerk,
        agencyId,
        await readServiceItemsWorkbook(new Uint8Array((await reopen.xlsx.writeBuffer()) as ArrayBuffer)),
      );
      assert.match(closedCheck.windows[0]!.problems[0]!.reason, /窗口“综合窗口”已关闭，导入不会重新开放它/);
      await rejects(
        importServiceItems(ctx, clerk, {
          agencyId,
          windows: [
            {
              name: '综合窗口',
              hours: '工作日 9:00-17:00',
              phone: '12345',
              location: '一楼',
              position: null,
            },
          ],
          items: [],
        }),
        'input.invalid',
      );
      assert.equal(
        (await listWindows(ctx, clerk, agencyId)).find((w) => w.id === zonghe.id)!.closedAt !== null,
        true,
      );
    });
  });
}

const NO_WINDOWS = { created: 0, changed: 0, unchanged: 0 };

function validOf(parsed: Awaited<ReturnType<typeof readServiceItemsWorkbook>>): ServiceItem[] {
  return parsed.rows.flatMap((r) => (r.value === null ? [] : [r.value]));
}
