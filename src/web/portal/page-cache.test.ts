import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agenciesChanged } from '../../agencies/agency-events.ts';
import { createPageCache } from './page-cache.ts';

describe('the portal page cache', () => {
  it('renders a page once within its lifetime, again after it', async () => {
    let now = 1_000;
    const cache = createPageCache(30, () => now);
    let renders = 0;
    const render = async () => `page ${++renders}`;
    assert.equal(String(await cache.get('/', render)), 'page 1');
    now += 29;
    assert.equal(String(await cache.get('/', render)), 'page 1');
    now += 2;
    assert.equal(String(await cache.get('/', render)), 'page 2');
    cache.close();
  });

  it('forgets every page at once when an agency changes in this process', async () => {
    const cache = createPageCache(60_000);
    let renders = 0;
    const render = async () => `page ${++renders}`;
    await cache.get('/', render);
    await cache.get('/agencies/a', render);
    agenciesChanged();
    assert.equal(String(await cache.get('/', render)), 'page 3');
    cache.close();
    agenciesChanged();
    assert.equal(String(await cache.get('/', render)), 'page 3', 'a closed cache no longer listens');
  });

  it('does not keep a failed render', async () => {
    const cache = createPageCache(60_000);
    await assert.rejects(cache.get('/x', async () => Promise.reject(new Error('no such agency'))));
    assert.equal(String(await cache.get('/x', async () => 'now it exists')), 'now it exists');
    cache.close();
  });
});
