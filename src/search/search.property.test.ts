// T-P4 through the databases: for random texts of Han characters, Latin letters, digits and
// separators, every substring of 1–6 units that cuts no word finds the document on each engine;
// and PostgreSQL's 'simple' parser reads back exactly the tokens we index.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { indexDocument, searchDocuments, searchTokens } from './index.ts';
import { arbitraryUnits, guaranteedSubstrings } from './testing.ts';
import { indexText } from './tokens.ts';

for (const engine of ENGINES) {
  describe(`search recall on ${engine} (T-P4)`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    it('finds a document by every substring of its title or body that cuts no word', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(arbitraryUnits(30), arbitraryUnits(30), fc.integer(), async (title, body, seed) => {
          run++;
          const agencyId = `agency-${run}`;
          const id = `disclosure:${run}`;
          await indexDocument(database.db, {
            id,
            agencyId,
            kind: 'disclosure',
            category: null,
            year: null,
            validity: null,
            title: title.join(''),
            body: body.join(''),
            publishedOn: '2026-11-26',
            url: `/items/${run}`,
          });
          for (const units of [title, body]) {
            const substrings = guaranteedSubstrings(units);
            // Six substrings per field and run, spread by the seed.
            for (let k = 0; k < Math.min(6, substrings.length); k++) {
              const [start, end] = substrings[Math.abs(seed + k * 7919) % substrings.length]!;
              const q = units.slice(start, end).join('');
              const result = await searchDocuments(database.db, { q, agencyIds: [agencyId] });
              const wanted = /[\p{L}\p{N}]/u.test(q.normalize('NFKC'));
              assert.deepEqual(
                result.hits.map((h) => h.id),
                wanted ? [id] : [],
                `${JSON.stringify(q)} in ${JSON.stringify(units.join(''))}`,
              );
            }
          }
        }),
        { numRuns: 60 },
      );
    });

    if (engine === 'postgres') {
      it("indexes exactly our tokens: the 'simple' parser neither splits nor changes them", async () => {
        await fc.assert(
          fc.asyncProperty(arbitraryUnits(40), async (units) => {
            const text = units.join('');
            const { rows } = await sql<{ lexeme: string }>`
              select lexeme from unnest(to_tsvector('simple', ${indexText(text)}))`.execute(database.db);
            assert.deepEqual(
              rows.map((r) => r.lexeme).sort(),
              [...new Set(searchTokens(text))].sort(),
              JSON.stringify(text),
            );
          }),
          { numRuns: 200 },
        );
      });
    }
  });
}
