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

  it('renders a page once for requests that ask while it is being rendered, and shares a failure', async () => {
    const cache = createPageCache(60_000);
    let renders = 0;
    let finish!: (html: string) => void;
    const slow = () => {
      renders += 1;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const crowd = Array.from({ length: 50 }, () => cache.get('/', slow));
    const other = cache.get('/other', async () => 'other');
    const stamped = cache.get('/', async () => 'stamped', { stamp: 's1', ttlMs: 60_000 });
    assert.equal(renders, 1, 'one render for the crowd');
    finish('home');
    assert.deepEqual(new Set((await Promise.all(crowd)).map(String)), new Set(['home']));
    assert.equal(String(await other), 'other', 'another page renders on its own');
    assert.equal(String(await stamped), 'stamped', 'another stamp is another page');
    assert.equal(String(await cache.get('/', slow)), 'home', 'then stored');
    assert.equal(renders, 1);

    let fail!: (error: Error) => void;
    const failing = () =>
      new Promise<string>((_resolve, reject) => {
        fail = reject;
      });
    const waiting = [cache.get('/x', failing), cache.get('/x', failing)];
    fail(new Error('no such agency'));
    for (const request of waiting) await assert.rejects(request, /no such agency/);
    assert.equal(String(await cache.get('/x', async () => 'now it exists')), 'now it exists', 'not kept');
    cache.close();
  });

  it('neither joins nor keeps a render begun before an agency changed', async () => {
    const cache = createPageCache(60_000);
    let finish!: (html: string) => void;
    const before = cache.get(
      '/',
      () =>
        new Promise<string>((resolve) => {
          finish = resolve;
        }),
    );
    agenciesChanged();
    const after = cache.get('/', async () => 'new name');
    finish('old name');
    assert.equal(String(await before), 'old name');
    assert.equal(String(await after), 'new name');
    assert.equal(
      String(await cache.get('/', async () => 'rendered again')),
      'new name',
      'the new one is kept',
    );
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
