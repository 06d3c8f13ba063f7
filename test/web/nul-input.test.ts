// NUL characters in any input are refused with a Chinese 400, never a 500 (PostgreSQL rejects them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, type WebFixture } from '../../src/web/testing.ts';

for (const engine of ENGINES) {
  describe(`NUL characters in requests on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let fixture: WebFixture;
    before(async () => {
      fixture = await createWebFixture(engine);
    });
    after(async () => {
      await fixture?.close();
    });

    it('refuses them in path parameters and query strings', async () => {
      const browser = new Browser(fixture.app);
      for (const url of ['/agencies/%00', '/api/v1/agencies/a%00b', `/agencies/${fixture.sili.id}?x=%00`]) {
        const response = await browser.get(url);
        assert.equal(response.statusCode, 400, url);
        assert.match(response.body, /无效字符（NUL）|NUL/, url);
      }
    });

    it('refuses them in a login form without touching the database', async () => {
      const browser = new Browser(fixture.app);
      await browser.get('/office/login');
      const response = await browser.post('/office/login', { username: 'a\u0000b', password: 'x' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /无效字符/);
    });
  });
}
