// The demo's register gives 承留镇's 2022 table 二 exactly as the town's published report prints it
// (../shared/seed): 规章 0 0 0, 行政规范性文件 0 0 2, 行政许可 0, 行政处罚 60, 行政强制 0, 收费 0.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { listPublicAgencies } from '../agencies/index.ts';
import { testContext } from '../agencies/testing.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { table2Of } from '../normative/index.ts';
import { seedDemo } from './seed-demo.ts';

describe('the demo register', () => {
  let database: TestDatabase;
  after(async () => database?.drop());

  it('gives 承留镇’s 2022 table 二 as its published report, once', async () => {
    database = await createTestDatabase('sqlite');
    const ctx = testContext(database);
    await seedDemo(ctx);
    await seedDemo(ctx);
    const chengliu = (await listPublicAgencies(database.db)).find((a) => a.name === '承留镇')!;
    assert.deepEqual(await table2Of(database.db, chengliu.id, 2022), {
      regulations: [0, 0, 0],
      normativeDocs: [0, 0, 2],
      licensing: [0],
      penalty: [60],
      enforcement: [0],
      fees: [0],
    });
  });
});
