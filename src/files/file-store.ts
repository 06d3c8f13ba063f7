// Where the bytes of stored files (the attachments of 主动公开 items) are kept. A file is named by
// the SHA-256 of its content (64 lowercase hex digits), so the same bytes are stored once.
import { channel } from 'node:diagnostics_channel';

/** Where a file's bytes are: in its database row, or in the files directory. */
export type FileLocation = 'database' | 'directory';

export interface FileStore {
  readonly kind: FileLocation;
  /** Makes the bytes durable under their hash; idempotent. Refuses a name that is not a SHA-256. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, verified against the hash; undefined when missing or corrupted (never wrong bytes). */
  get(sha256: string): Promise<Uint8Array | undefined>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/** Throws a precise developer error for anything that is not 64 lowercase hex digits (path traversal). */
export function assertSha256(value: string): void {
  if (typeof value !== 'string' || !SHA256.test(value))
    throw new Error(
      `not a SHA-256 file name (64 lowercase hex digits): ${JSON.stringify(String(value).slice(0, 80))}`,
    );
}

export interface FileProblem {
  sha256: string;
  /** corrupt: the bytes read do not hash to the name; missing: the row says the file is there; unreadable: an I/O error (its code). */
  reason: 'corrupt' | 'missing' | 'unreadable';
  code?: string;
}

/** Problems met while reading stored files: `{ sha256, reason, code? }`, ids only. */
export const fileProblems = channel('gongkai:files:problem');

export function reportFileProblem(problem: FileProblem): void {
  if (fileProblems.hasSubscribers) fileProblems.publish(problem);
}
