// The files directory: content-addressed paths, crash-safe writes (no temporary file left, no
// half-written final name), idempotence, reads verified against the hash, names that are not a
// SHA-256 refused, the start-up check of the directory and the configuration of GONGKAI_FILES_DIR.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import {
  type DirectoryFileStore,
  directoryFileStore,
  type FileProblem,
  fileProblems,
  isSha256,
  openDirectoryFileStore,
} from './index.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Every file under the directory, as paths relative to it. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

/** The problems published while `run` runs. */
async function problemsDuring(run: () => Promise<unknown>): Promise<FileProblem[]> {
  const seen: FileProblem[] = [];
  const listener = (message: unknown) => seen.push(message as FileProblem);
  subscribe(fileProblems.name, listener);
  try {
    await run();
  } finally {
    unsubscribe(fileProblems.name, listener);
  }
  return seen;
}

describe('the directory file store', () => {
  let dir: string;
  let store: DirectoryFileStore;
  before(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'gongkai-files-')), 'files');
    store = await openDirectoryFileStore(dir);
  });
  after(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('writes to dir/ab/cd/<sha256>, leaves no temporary file and reads the bytes back', async () => {
    const content = bytesOf('承留镇2026年农村危房改造补助对象名单');
    const name = sha(content);
    await store.put(name, content);
    assert.equal(store.pathOf(name), join(dir, name.slice(0, 2), name.slice(2, 4), name));
    assert.deepEqual(readFileSync(store.pathOf(name)), Buffer.from(content));
    assert.deepEqual(
      tree(dir),
      [join(name.slice(0, 2), name.slice(2, 4), name)],
      'no temporary or probe file',
    );
    assert.deepEqual(Buffer.from((await store.get(name))!), Buffer.from(content));
    assert.equal(statSync(store.pathOf(name)).mode & 0o777, 0o644);
  });

  it('stores the same bytes once; a second put of an intact file only touches it', async () => {
    const content = bytesOf('同一份附件');
    const name = sha(content);
    await store.put(name, content);
    const first = statSync(store.pathOf(name));
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    utimesSync(store.pathOf(name), old, old);
    await store.put(name, content);
    const second = statSync(store.pathOf(name));
    assert.equal(second.ino, first.ino, 'not rewritten (a rename would give a new inode)');
    assert.ok(second.mtimeMs > old.getTime() + 24 * 3600_000, 'touched: not taken for an old orphan');
    assert.equal(tree(dir).filter((p) => p.endsWith(name)).length, 1);
    assert.equal(tree(dir).filter((p) => p.endsWith('.tmp')).length, 0);
  });

  it('rewrites a truncated or altered file on the next put (a damaged copy is repaired, never kept)', async () => {
    const content = bytesOf('会被截断的附件内容');
    const name = sha(content);
    await store.put(name, content);
    writeFileSync(store.pathOf(name), content.subarray(0, 5));
    await store.put(name, content);
    assert.deepEqual(readFileSync(store.pathOf(name)), Buffer.from(content));
    // The same size but other bytes (a flipped bit): rewritten too.
    const flipped = Buffer.from(content);
    flipped[0] = flipped[0]! ^ 1;
    writeFileSync(store.pathOf(name), flipped);
    await store.put(name, content);
    assert.deepEqual(readFileSync(store.pathOf(name)), Buffer.from(content));
  });

  it('never serves corrupted bytes: a file that does not hash to its name is reported and missing', async () => {
    const content = bytesOf('原始内容');
    const name = sha(content);
    await store.put(name, content);
    writeFileSync(store.pathOf(name), bytesOf('篡改内容')); // same length is not needed: the hash decides
    let got: Uint8Array | undefined = content;
    const problems = await problemsDuring(async () => {
      got = await store.get(name);
    });
    assert.equal(got, undefined);
    assert.deepEqual(problems, [{ sha256: name, reason: 'corrupt' }]);
    assert.ok(!JSON.stringify(problems).includes('篡改'), 'ids only');
  });

  it('reports a missing file and answers undefined', async () => {
    const name = sha(bytesOf('从未存储'));
    const problems = await problemsDuring(async () => assert.equal(await store.get(name), undefined));
    assert.deepEqual(problems, [{ sha256: name, reason: 'missing' }]);
  });

  it('refuses names that are not a SHA-256 (path traversal) and bytes that do not hash to the name', async () => {
    const content = bytesOf('x');
    for (const bad of [
      '../../etc/passwd',
      `../${sha(content).slice(3)}`,
      sha(content).toUpperCase(),
      sha(content).slice(1),
      `${sha(content)}/`,
      `${sha(content)}\0`,
      '',
    ]) {
      assert.equal(isSha256(bad), false, bad);
      await assert.rejects(store.put(bad, content), /not a SHA-256 file name/, bad);
      await assert.rejects(store.get(bad), /not a SHA-256 file name/, bad);
      assert.throws(() => store.pathOf(bad), /not a SHA-256 file name/);
    }
    await assert.rejects(store.put(sha(bytesOf('y')), content), /do not hash to/);
    assert.ok(!existsSync(join(dir, '..', 'etc')));
  });

  it('lists files and leftover temporary files, and removes only files of the store', async () => {
    const content = bytesOf('列出的文件');
    const name = sha(content);
    await store.put(name, content);
    const leftover = join(dir, name.slice(0, 2), name.slice(2, 4), `.${name}.0123456789ab.tmp`);
    writeFileSync(leftover, content.subarray(0, 3));
    const entries = [];
    for await (const entry of store.entries()) entries.push(entry);
    assert.ok(entries.some((e) => e.name === name && !e.temporary && e.size === content.byteLength));
    const temp = entries.find((e) => e.temporary);
    assert.equal(temp?.path, leftover);
    await store.remove(temp!);
    assert.ok(!existsSync(leftover));
    await assert.rejects(
      store.remove({ ...temp!, name, path: '/etc/passwd', temporary: false }),
      /not a file of the store/,
    );
  });

  it('refuses at start-up a directory it cannot create or write, with a clear error', async () => {
    const base = mkdtempSync(join(tmpdir(), 'gongkai-files-bad-'));
    try {
      const file = join(base, 'a-file');
      writeFileSync(file, 'not a directory');
      await assert.rejects(
        openDirectoryFileStore(join(file, 'files')),
        /GONGKAI_FILES_DIR .* cannot be used: .*ENOTDIR/,
      );
      await assert.rejects(openDirectoryFileStore(file), /GONGKAI_FILES_DIR .* cannot be used/);
      if (process.getuid?.() !== 0) {
        const readOnly = join(base, 'read-only');
        await openDirectoryFileStore(readOnly);
        chmodSync(readOnly, 0o500);
        await assert.rejects(openDirectoryFileStore(readOnly), /cannot be used: .*EACCES/);
        chmodSync(readOnly, 0o700);
      }
      assert.throws(() => directoryFileStore('relative/files'), /must be an absolute path/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('GONGKAI_FILES_DIR', () => {
  it('gives the dependencies a directory store, or refuses to start with the variable named', async () => {
    const base = mkdtempSync(join(tmpdir(), 'gongkai-files-deps-'));
    try {
      const env = { GONGKAI_DATABASE_URL: `sqlite:${join(base, 'g.sqlite')}`, GONGKAI_LOG_LEVEL: 'silent' };
      const deps = await buildDeps(loadConfig({ ...env, GONGKAI_FILES_DIR: join(base, 'files') }));
      try {
        assert.equal(deps.files?.kind, 'directory');
        assert.ok(statSync(join(base, 'files')).isDirectory(), 'created');
      } finally {
        await deps.database.close();
      }
      const plain = await buildDeps(loadConfig(env));
      assert.equal(plain.files, undefined, 'the database store');
      await plain.database.close();
      writeFileSync(join(base, 'not-a-dir'), '');
      await assert.rejects(
        buildDeps(loadConfig({ ...env, GONGKAI_FILES_DIR: join(base, 'not-a-dir') })),
        /GONGKAI_FILES_DIR .*not-a-dir cannot be used: it must be a directory this process can write/,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('is off by default: the bytes stay in the database', () => {
    assert.equal(loadConfig({}).filesDir, null);
    assert.equal(loadConfig({ GONGKAI_FILES_DIR: '' }).filesDir, null);
  });

  it('takes an absolute path, or a path relative to the working directory', () => {
    assert.equal(loadConfig({ GONGKAI_FILES_DIR: '/srv/gongkai/files' }).filesDir, '/srv/gongkai/files');
    assert.equal(loadConfig({ GONGKAI_FILES_DIR: 'data/files' }).filesDir, resolve('data', 'files'));
  });

  it('refuses a URL or a NUL with the variable named', () => {
    assert.throws(
      () => loadConfig({ GONGKAI_FILES_DIR: 'nfs://server/export' }),
      /GONGKAI_FILES_DIR must be a directory path/,
    );
    assert.throws(
      () => loadConfig({ GONGKAI_FILES_DIR: '/srv/\0files' }),
      /GONGKAI_FILES_DIR must be a directory path/,
    );
  });
});
