import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { describeAccess, listRoutes, recordRoutes } from './routes.ts';

describe('route registry', () => {
  it('records routes with their access rule and refuses a route without one', async () => {
    const app = Fastify();
    recordRoutes(app);
    app.get('/a', { config: { access: 'public' } }, async () => 'a');
    app.post('/b/:id', { config: { access: { agencyParam: 'id', roles: ['admin'] } } }, async () => 'b');
    assert.throws(() => app.get('/c', async () => 'c'), /declares no access rule/);
    assert.throws(
      () => app.get('/d', { config: { access: { agencyParam: 'id' } } }, async () => 'd'),
      /agency parameter :id/,
    );
    await app.ready();
    const routes = listRoutes(app).map((r) => `${r.method} ${r.url} ${describeAccess(r.access)}`);
    assert.deepEqual(routes, ['GET /a public', 'HEAD /a public', 'POST /b/:id agency(:id, admin)']);
    await app.close();
  });
});
