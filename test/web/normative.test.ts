// The register of 规章 and 行政规范性文件 through app.inject on both engines: the office pages
// (list with filters, add, edit, 废止, the year's figures, the preview of table 二), the XLSX import
// (template, a file with two bad rows reported and nothing imported, then only the valid rows),
// bad files and malformed or stale forms answered in Chinese and never 500, access (403 without
// the role, 404 for another town's document, nothing written) and the portal's public list, with
// titles escaped everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import {
  changePassword,
  createUser,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { createDocument, table2Of } from '../../src/normative/index.ts';
import { Browser, createWebFixture, TEST_PASSWORD, type WebFixture } from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;
const operator = systemActor('normative-test');
const XSS = '<script>alert("x")</script>关于印发《村规民约》的通知';

function multipart(file: { filename: string; type: string; content: Uint8Array } | null): {
  payload: Buffer;
  contentType: string;
} {
  const boundary = '----gongkaiNormativeBoundary0123456789';
  const chunks: Buffer[] = [];
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The accept form's hidden fields (the carried file and the count), as a browser would send them. */
function acceptForm(body: string): { file: string; count: string } {
  const file = /name="file" value="([^"]*)"/.exec(body)?.[1];
  const count = /name="count" value="([^"]*)"/.exec(body)?.[1];
  assert.ok(file !== undefined && count !== undefined, 'the report offers the accept form');
  return { file, count };
}

async function filledTemplate(
  template: Uint8Array,
  rows: unknown[][],
  counts: unknown[][],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(template) as never);
  rows.forEach((row, i) => {
    wb.getWorksheet('规章和行政规范性文件')!.getRow(i + 2).values = row as ExcelJS.CellValue[];
  });
  counts.forEach((row, i) => {
    wb.getWorksheet('年度数量')!.getRow(i + 2).values = row as ExcelJS.CellValue[];
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

for (const engine of ENGINES) {
  describe(`normative register pages on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let editor: Browser;
    let base: string;
    let chengliuDoc: string;

    async function signedIn(agencyId: string, username: string, roles: Role[]): Promise<Browser> {
      const { initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: username,
        roles,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    async function upload(browser: Browser, body: ReturnType<typeof multipart>, csrf = browser.lastCsrf) {
      return f.app.inject({
        method: 'POST',
        url: `${base}/import?_csrf=${encodeURIComponent(csrf ?? '')}`,
        remoteAddress: browser.ip,
        headers: { cookie: browser.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      });
    }

    const documentCount = async () =>
      (await f.database.db.selectFrom('normative_documents').select('id').execute()).length;

    before(async () => {
      f = await createWebFixture(engine);
      editor = await signedIn(f.sili.id, 'sili.normative.editor', ['editor']);
      base = `/office/agencies/${f.sili.id}/normative`;
      chengliuDoc = (
        await createDocument(f.ctx, operator, {
          agencyId: f.chengliu.id,
          document: {
            kind: 'normative',
            title: '承留镇文件',
            documentNumber: '承政〔2021〕1号',
            issuedOn: '2021-01-04',
            effectiveOn: '2021-01-04',
            validUntil: null,
            status: 'valid',
            statusOn: null,
            itemId: null,
          },
        })
      ).id;
    });
    after(async () => f?.close());

    let documentUrl: string;

    it('registers a document through the form, shows it escaped, and corrects and repeals it', async () => {
      assert.equal((await editor.get(`${base}/new`)).statusCode, 200);
      const created = await editor.post(base, {
        kind: 'normative',
        title: XSS,
        documentNumber: '思政〔2025〕3号',
        issuedOn: '2025-04-01',
        effectiveOn: '2025-05-01',
        validUntil: '',
        status: 'valid',
        statusOn: '',
        itemId: '',
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      documentUrl = String(created.headers.location).replace(/\?.*$/, '');
      const page = await editor.get(String(created.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /文件已登记/);
      const list = await editor.get(base);
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes('<script>alert'), 'the title is escaped');
      assert.match(list.body, /&lt;script>alert/);
      assert.match(list.body, /思政〔2025〕3号/);

      // Malformed and duplicate input: Chinese 400 with the form again, nothing written.
      const before = await documentCount();
      const bad = await editor.post(base, {
        kind: 'normative',
        title: '新文件',
        documentNumber: '思政〔2025〕4号',
        issuedOn: '2025-13-01',
        effectiveOn: '昨天',
        status: 'valid',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /发布（制发）日期无效/);
      assert.match(bad.body, /施行日期无效/);
      const duplicate = await editor.post(base, {
        kind: 'normative',
        title: '新文件',
        documentNumber: '思政〔2025〕3号',
        issuedOn: '2025-04-01',
        effectiveOn: '2025-04-01',
        status: 'valid',
      });
      assert.equal(duplicate.statusCode, 400);
      assert.match(duplicate.body, /已在登记簿中/);
      const strange = await editor.post(base, { kind: 'law', status: 'gone', title: 'x'.repeat(1001) });
      assert.equal(strange.statusCode, 400);
      assert.equal(await documentCount(), before);

      // Corrected, then a stale form of the first revision refused.
      const form = (await editor.get(documentUrl)).body;
      assert.match(form, /name="revision" value="1"/);
      const edit = {
        kind: 'normative',
        title: '思礼镇村规民约管理办法',
        documentNumber: '思政〔2025〕3号',
        issuedOn: '2025-04-01',
        effectiveOn: '2025-05-01',
        status: 'valid',
        revision: '1',
      };
      assert.equal((await editor.post(documentUrl, edit)).statusCode, 303);
      const stale = await editor.post(documentUrl, { ...edit, title: '旧表单' });
      assert.equal(stale.statusCode, 400);
      assert.match(stale.body, /已被修改/);
      const noRevision = await editor.post(documentUrl, { ...edit, revision: 'abc' });
      assert.equal(noRevision.statusCode, 400);
      assert.match(noRevision.body, /表单已过期/);

      // 废止: without a date refused, with one saved.
      const undated = await editor.post(`${documentUrl}/status`, {
        status: 'repealed',
        statusOn: '',
        revision: '2',
      });
      assert.equal(undated.statusCode, 400);
      assert.match(undated.body, /请填写废止的日期/);
      assert.equal(
        (
          await editor.post(`${documentUrl}/status`, {
            status: 'repealed',
            statusOn: '2026-01-01',
            revision: '2',
          })
        ).statusCode,
        303,
      );
      const repealed = await editor.get(`${base}?status=repealed`);
      assert.match(repealed.body, /思礼镇村规民约管理办法/);
      assert.match(repealed.body, /废止（2026-01-01）/);
      assert.doesNotMatch((await editor.get(`${base}?status=valid`)).body, /思礼镇村规民约管理办法/);
      assert.match((await editor.get(`${base}?year=2025&kind=normative`)).body, /共 1 件/);
      assert.equal((await editor.get(`${base}?year=abcd`)).statusCode, 400);
    });

    it('keeps the year’s figures and previews table 二 from the register and the figures', async () => {
      const empty = await editor.get(`${base}/table?year=2025`);
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /尚未录入 2025 年/);
      const bad = await editor.post(`${base}/counts`, {
        year: '2025',
        licensing: '-1',
        penalty: '1.5',
        enforcement: '0',
        fees: '0.12345',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /行政许可的处理决定数量应为非负整数/);
      assert.match(bad.body, /最多四位小数/);
      assert.equal((await editor.post(`${base}/counts`, { year: 'x' })).statusCode, 400);
      const saved = await editor.post(`${base}/counts`, {
        year: '2025',
        licensing: '3',
        penalty: '60',
        enforcement: '0',
        fees: '1.2345',
      });
      assert.equal(saved.statusCode, 303);
      const counts = await editor.get(String(saved.headers.location));
      assert.match(counts.body, /数量已保存/);
      assert.match(counts.body, /value="1.2345"/);
      const table = await editor.get(`${base}/table?year=2025`);
      assert.equal(table.statusCode, 200);
      assert.match(table.body, /第二十条第（一）项/);
      assert.match(table.body, /<td>1.2345<\/td>/);
      assert.deepEqual(await table2Of(f.database.db, f.sili.id, 2025), {
        regulations: [0, 0, 0],
        normativeDocs: [1, 0, 1],
        licensing: [3],
        penalty: [60],
        enforcement: [0],
        fees: [1.2345],
      });
      assert.equal((await editor.get(`${base}/table?year=20x5`)).statusCode, 400);
    });

    it('imports from the template: two bad rows reported and nothing imported, then only the valid rows', async () => {
      const template = await editor.get(`${base}/import/template.xlsx`);
      assert.equal(template.statusCode, 200);
      assert.match(String(template.headers['content-type']), /spreadsheetml/);
      const bytes = await filledTemplate(
        template.rawPayload,
        [
          [
            '行政规范性文件',
            '导入文件一<b>',
            '思政〔2024〕1号',
            '2024-01-05',
            '2024-02-01',
            null,
            '有效',
            null,
          ],
          ['规范性文件', '导入文件二', '思政〔2024〕2号', '2024/3/1', '2024/3/1', null, '失效', '2025-03-01'],
          ['行政规范性文件', '导入文件三', '思政〔2024〕3号', '2024-05-01', '2024-04-01', null, '有效', null],
          ['公告', '导入文件四', '思政〔2024〕4号', '2024-05-01', '2024-05-01', null, '有效', null],
        ],
        [[2024, 2, 41, 1, 0]],
      );
      await editor.get(`${base}/import`);
      const before = await documentCount();
      const checked = await upload(
        editor,
        multipart({
          filename: '导入.xlsx',
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content: bytes,
        }),
      );
      assert.equal(checked.statusCode, 422, checked.body.slice(0, 300));
      assert.match(checked.body, /未导入任何内容/);
      assert.match(checked.body, /第 4 行/);
      assert.match(checked.body, /施行日期不能早于发布日期/);
      assert.match(checked.body, /第 5 行/);
      assert.match(checked.body, /类别应为“规章”或“行政规范性文件”，不是“公告”/);
      assert.match(checked.body, /只导入无误的 3 行/);
      assert.equal(await documentCount(), before, 'nothing imported');
      assert.equal((await table2Of(f.database.db, f.sili.id, 2024)).licensing![0], null);

      const carried = acceptForm(checked.body);
      assert.equal(carried.count, '3', 'the form carries the number of valid rows the clerk was shown');
      const accepted = await editor.post(`${base}/import/accept`, carried);
      assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
      assert.equal(await documentCount(), before + 2);
      const list = (await editor.get(`${base}?year=2024`)).body;
      assert.match(list, /导入文件一&lt;b>/);
      assert.match(list, /导入文件二/);
      assert.doesNotMatch(list, /导入文件三|导入文件四/);
      assert.deepEqual(await table2Of(f.database.db, f.sili.id, 2024), {
        regulations: [0, 0, 0],
        normativeDocs: [2, 0, 2],
        licensing: [2],
        penalty: [41],
        enforcement: [1],
        fees: [0],
      });
      // Accepted twice: the file is checked again, its 文号 are registered now: the report again, nothing imported.
      const again = await editor.post(`${base}/import/accept`, carried);
      assert.equal(again.statusCode, 409, 'a second accept is checked again');
      assert.match(again.body, /已在登记簿中/);
      assert.match(again.body, /重新检查/);
      const tamperedForms: Record<string, string>[] = [
        { file: '', count: '3' },
        { file: '!!!notbase64', count: '3' },
        { file: Buffer.from('类别,标题\n').toString('base64'), count: '3' },
        { count: '3' },
      ];
      for (const tampered of tamperedForms) {
        const response = await editor.post(`${base}/import/accept`, tampered);
        assert.equal(response.statusCode, 400, JSON.stringify(tampered));
        assert.match(response.body, /导入的内容无法识别|不是 Excel 工作簿/, JSON.stringify(tampered));
      }
      assert.equal(await documentCount(), before + 2);
    });

    it('answers bad files, missing files and oversized uploads in Chinese, never 500', async () => {
      await editor.get(`${base}/import`);
      for (const [content, status, reason] of [
        [new TextEncoder().encode('类别,标题\n规章,x\n'), 400, /不是 Excel 工作簿/],
        [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9, 9, 9, 9, 9]), 400, /文件已损坏/],
        [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 400, /旧版 Excel/],
        [new Uint8Array(3 * 1024 * 1024), 413, /不能超过 2 MB/],
      ] as const) {
        const response = await upload(
          editor,
          multipart({ filename: 'x.xlsx', type: 'application/octet-stream', content }),
        );
        assert.equal(response.statusCode, status, response.body.slice(0, 300));
        assert.match(response.body, reason);
      }
      const none = await upload(editor, multipart(null));
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请选择要导入的 Excel 文件/);
      assert.equal((await editor.post(`${base}/import`, {})).statusCode, 400);
      // Without the CSRF token nothing is read.
      const forged = await upload(
        editor,
        multipart({ filename: 'x.xlsx', type: 'x', content: new Uint8Array(4) }),
        'forged',
      );
      assert.equal(forged.statusCode, 403);
    });

    it('refuses staff without the role (403) and hides another town’s documents (404), writing nothing', async () => {
      const handler = await signedIn(f.sili.id, 'sili.normative.handler', ['handler']);
      for (const url of [base, `${base}/table`, `${base}/counts`, documentUrl]) {
        const response = await handler.get(url);
        assert.equal(response.statusCode, 403, url);
        assert.match(response.body, /您没有进行此项操作的权限/);
      }
      const reviewer = await signedIn(f.sili.id, 'sili.normative.reviewer', ['reviewer']);
      const read = await reviewer.get(base);
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /登记文件/);
      assert.equal((await reviewer.get(`${base}/new`)).statusCode, 403);
      assert.equal((await reviewer.post(`${base}/counts`, { year: '2025', licensing: '9' })).statusCode, 403);

      const before = await f.database.db
        .selectFrom('normative_documents')
        .selectAll()
        .orderBy('id')
        .execute();
      const other = `${base}/${chengliuDoc}`;
      assert.equal((await editor.get(other)).statusCode, 404);
      assert.equal(
        (await editor.post(other, { kind: 'normative', title: '篡改', documentNumber: 'x', revision: '1' }))
          .statusCode,
        404,
      );
      assert.equal(
        (await editor.post(`${other}/status`, { status: 'repealed', statusOn: '2025-01-01', revision: '1' }))
          .statusCode,
        404,
      );
      assert.equal((await editor.get(`${base}/00000000-0000-0000-0000-000000000000`)).statusCode, 404);
      // 承留镇's register is not 思礼镇's editor's to see at all.
      assert.equal((await editor.get(`/office/agencies/${f.chengliu.id}/normative`)).statusCode, 404);
      const after = await f.database.db.selectFrom('normative_documents').selectAll().orderBy('id').execute();
      assert.deepEqual(after, before);
    });

    it('lists the agency’s documents on the portal, in force first and repealed ones marked, escaped', async () => {
      const visitor = new Browser(f.app, nextIp());
      const page = await visitor.get(`/agencies/${f.sili.id}/normative`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /现行有效（1件）/);
      assert.match(page.body, /已废止或失效（2件）/);
      assert.match(page.body, /已废止（2026-01-01）/);
      assert.match(page.body, /已失效（2025-03-01）/);
      assert.ok(page.body.indexOf('导入文件一') < page.body.indexOf('思礼镇村规民约管理办法'));
      assert.ok(!page.body.includes('<b>'), 'titles escaped');
      assert.doesNotMatch(page.body, /承留镇文件/);
      assert.equal((await visitor.get('/agencies/no-such-agency/normative')).statusCode, 404);
    });

    // The routes are the same on both engines (the small import above runs on both): one is enough.
    if (engine === 'sqlite')
      it('accepts the valid rows of a whole register (2,500 documents, one bad row) through the carried file', async () => {
        const template = await editor.get(`${base}/import/template.xlsx`);
        const rows: unknown[][] = [];
        for (let i = 1; i <= 2500; i += 1) {
          const issued = i === 1234 ? '2023-03-01' : '2023-01-05';
          rows.push([
            '行政规范性文件',
            `关于规范村级事务管理的通知（第${i}号）`,
            `思政〔2023〕${i}号`,
            issued,
            '2023-02-01',
            null,
            '有效',
            null,
          ]);
        }
        const bytes = await filledTemplate(template.rawPayload, rows, []);
        await editor.get(`${base}/import`);
        const before = await documentCount();
        const checked = await upload(
          editor,
          multipart({
            filename: '登记簿.xlsx',
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: bytes,
          }),
        );
        assert.equal(checked.statusCode, 422, checked.body.slice(0, 300));
        assert.match(checked.body, /第 1235 行/, 'the bad row is reported by its row in the sheet');
        const carried = acceptForm(checked.body);
        assert.equal(carried.count, '2499');
        const accepted = await editor.post(`${base}/import/accept`, carried);
        assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
        assert.equal(await documentCount(), before + 2499, 'every valid row imported');
      });
  });
}
