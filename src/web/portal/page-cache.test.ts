import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agenciesChanged } from '../../agencies/agency-events.ts';
import { createFrontPages, createPageCache } from './page-cache.ts';

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

  it('peeks only at a page known fresh now: within its lifetime and with its stamp unchanged', async () => {
    let now = 1_000;
    const cache = createPageCache(30, () => now);
    let stamp: string | null | undefined = 's1';
    await cache.get('/', async () => 'home');
    await cache.get('/item', async () => 'item', { stamp: 's1', ttlMs: 30, currentStamp: () => stamp });
    await cache.get('/other', async () => 'other', { stamp: 's1', ttlMs: 30 });
    assert.equal(String(cache.peek('/', false)), 'home');
    assert.equal(cache.peek('/', true), undefined, 'the other text size is another page');
    assert.equal(String(cache.peek('/item', false)), 'item');
    assert.equal(cache.peek('/other', false), undefined, 'a stamp that cannot be read again is not trusted');
    stamp = 's2';
    assert.equal(cache.peek('/item', false), undefined, 'changed');
    stamp = null;
    assert.equal(cache.peek('/item', false), undefined, 'gone');
    stamp = undefined;
    assert.equal(cache.peek('/item', false), undefined, 'cannot tell now');
    stamp = 's1';
    now += 31;
    assert.equal(cache.peek('/', false), undefined, 'expired');
    assert.equal(cache.peek('/item', false), undefined, 'expired');
    const front = createFrontPages();
    front.add(createPageCache());
    front.add(cache);
    now = 1_000;
    assert.equal(String(front.peek('/', false)), 'home', 'asks each cache in turn');
    assert.equal(front.peek('/missing', false), undefined);
    cache.close();
  });
});
