// The files directory (GONGKAI_FILES_DIR): a local disk or a shared mount (NFS) for several
// servers. Content-addressed: `dir/ab/cd/<sha256>`. A write goes to a temporary file in the same
// directory, is fsynced, renamed to its name and the directory fsynced: an acknowledged write
// survives a power loss and a half-written file never has the final name. A read is verified
// against the hash: corrupted bytes are reported and treated as missing, never served. A put of
// bytes already there checks the copy (rewritten if damaged) and touches it (see check-files.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { assertSha256, type FileStore, isSha256, reportFileProblem } from './file-store.ts';

/** Temporary names start with a dot and end with .tmp; a crash may leave one, never a wrong final file. */
const TEMP = /^\.[0-9a-f]{64}\.[0-9a-f]{12}\.tmp$/;

export interface StoredEntry {
  /** The sha256 (final files) or the temporary name (a write that never finished). */
  name: string;
  path: string;
  size: number;
  modifiedAt: Date;
  temporary: boolean;
}

export interface DirectoryFileStore extends FileStore {
  readonly kind: 'directory';
  readonly dir: string;
  /** The path of a file's bytes. */
  pathOf(sha256: string): string;
  /** Every file and leftover temporary file under the directory. */
  entries(): AsyncIterable<StoredEntry>;
  /** Removes a file or a leftover temporary file by the path `entries` gave (inside the directory only). */
  remove(entry: StoredEntry): Promise<void>;
}

export function isDirectoryFileStore(store: FileStore): store is DirectoryFileStore {
  return store.kind === 'directory' && typeof (store as DirectoryFileStore).entries === 'function';
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory (EINVAL); the rename is then as durable as they allow.
    if (code(error) !== 'EINVAL' && code(error) !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function directoryFileStore(dir: string): DirectoryFileStore {
  if (!isAbsolute(dir)) throw new Error(`the files directory must be an absolute path, got "${dir}"`);
  const pathOf = (sha256: string): string => {
    assertSha256(sha256);
    return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  return {
    kind: 'directory',
    dir,
    pathOf,

    async put(sha256, bytes) {
      const path = pathOf(sha256);
      if (sha256Of(bytes) !== sha256) throw new Error(`the bytes do not hash to ${sha256}`);
      try {
        const existing = await stat(path);
        if (
          existing.isFile() &&
          existing.size === bytes.byteLength &&
          sha256Of(await readFile(path)) === sha256
        ) {
          // Touched: the orphan clean-up spares files younger than a day, and a row naming this
          // file may be about to commit.
          const now = new Date();
          await utimes(path, now, now);
          return;
        }
      } catch (error) {
        if (code(error) !== 'ENOENT') throw error;
      }
      const folder = dirname(path);
      // mkdir returns the first directory it created: the parents of new entries are fsynced too.
      const created = await mkdir(folder, { recursive: true });
      const temp = join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temp, 'wx', 0o644);
      try {
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw error;
      }
      await fsyncDirectory(folder);
      if (created !== undefined) {
        for (let d = dirname(folder); d.length >= dir.length; d = dirname(d)) {
          await fsyncDirectory(d);
          if (d === dir) break;
        }
      }
    },

    async get(sha256) {
      const path = pathOf(sha256);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        // A read follows a row that names the file: its absence is a problem too.
        if (code(error) === 'ENOENT') {
          reportFileProblem({ sha256, reason: 'missing' });
          return undefined;
        }
        reportFileProblem({ sha256, reason: 'unreadable', ...(code(error) ? { code: code(error)! } : {}) });
        return undefined;
      }
      if (sha256Of(bytes) !== sha256) {
        reportFileProblem({ sha256, reason: 'corrupt' });
        return undefined;
      }
      return bytes;
    },

    async *entries() {
      const hex2 = /^[0-9a-f]{2}$/;
      const level = async (path: string): Promise<string[]> => {
        try {
          return (await readdir(path)).sort();
        } catch (error) {
          if (code(error) === 'ENOENT') return [];
          throw error;
        }
      };
      for (const a of await level(dir)) {
        if (!hex2.test(a)) continue;
        for (const b of await level(join(dir, a))) {
          if (!hex2.test(b)) continue;
          const folder = join(dir, a, b);
          for (const name of await level(folder)) {
            const temporary = TEMP.test(name);
            if (!temporary && !(isSha256(name) && name.startsWith(a + b))) continue;
            const path = join(folder, name);
            const s = await stat(path).catch(() => null);
            if (!s?.isFile()) continue;
            yield { name, path, size: s.size, modifiedAt: s.mtime, temporary };
          }
        }
      }
    },

    async remove(entry) {
      const expected = entry.temporary
        ? join(dir, entry.name.slice(1, 3), entry.name.slice(3, 5), entry.name)
        : pathOf(entry.name);
      if (expected !== entry.path || !(entry.temporary ? TEMP.test(entry.name) : isSha256(entry.name)))
        throw new Error(`not a file of the store: ${entry.path}`);
      try {
        await unlink(entry.path);
      } catch (error) {
        if (code(error) !== 'ENOENT') throw error;
      }
    },
  };
}

/**
 * Creates the directory if needed and proves it writable (a probe file written, fsynced and
 * removed), so that a wrong mount fails at start-up rather than at the first upload.
 */
export async function openDirectoryFileStore(dir: string): Promise<DirectoryFileStore> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    const handle = await open(probe, 'wx', 0o600);
    try {
      await handle.writeFile('gongkai');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(probe);
  } catch (error) {
    throw new Error(
      `GONGKAI_FILES_DIR ${dir} cannot be used: it must be a directory this process can write (${code(error) ?? (error as Error).message})`,
    );
  }
  return directoryFileStore(dir);
}
