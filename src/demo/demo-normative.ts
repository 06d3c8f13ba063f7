// Demonstration register of 承留镇, so that table 二 of its 2022 report comes out as the town
// published it (seed report: 行政规范性文件 0 制发, 0 废止, 2 现行有效; 行政许可 0, 行政处罚 60,
// 行政强制 0, 行政事业性收费 0). The two documents' titles and 文号 are invented for the
// demonstration; the figures are the report's. Idempotent: nothing is added when the town has a
// register or its 2022 figures.
import { offlinePrincipal, type UseCaseContext } from '../agencies/index.ts';
import { createDocument, saveYearCounts, table2Of } from '../normative/index.ts';

/** Entered by the town's editor account (`username`), whose role it is. */
export async function seedDemoNormative(
  ctx: UseCaseContext,
  username: string,
  agencyId: string,
): Promise<number> {
  const actor = await offlinePrincipal(ctx.db, username);
  if (!actor) throw new Error(`demo account ${username} is missing or disabled`);
  const existing = await ctx.db
    .selectFrom('normative_documents')
    .select('id')
    .where('agency_id', '=', agencyId)
    .limit(1)
    .execute();
  let created = 0;
  if (existing.length === 0) {
    for (const document of [
      {
        title: '承留镇村级财务管理办法（示例）',
        documentNumber: '承政〔2019〕12号',
        issuedOn: '2019-06-10',
        effectiveOn: '2019-07-01',
      },
      {
        title: '承留镇农村人居环境整治长效管理办法（示例）',
        documentNumber: '承政〔2021〕5号',
        issuedOn: '2021-04-16',
        effectiveOn: '2021-05-01',
      },
    ]) {
      await createDocument(ctx, actor, {
        agencyId,
        document: {
          kind: 'normative',
          validUntil: null,
          status: 'valid',
          statusOn: null,
          itemId: null,
          ...document,
        },
      });
      created++;
    }
  }
  if ((await table2Of(ctx.db, agencyId, 2022)).penalty?.[0] === null) {
    await saveYearCounts(ctx, actor, {
      agencyId,
      counts: { year: 2022, licensing: 0, penalty: 60, enforcement: 0, feesYuan: 0 },
    });
  }
  return created;
}
