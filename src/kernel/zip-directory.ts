// What a ZIP (a DOCX or XLSX upload) says it unpacks to, read from its central directory before
// anything is inflated: an upload that would expand to gigabytes (a ZIP bomb), or whose directory
// does not add up, is refused without being unpacked. The one reader for every ZIP-based upload;
// each caller turns the refusal into its own user's message.

export class ZipRefused extends Error {
  override name = 'ZipRefused';
  constructor(
    /** True when the ZIP is well-formed but declares more than allowed; false when it is not a sound ZIP. */
    readonly tooLarge: boolean,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipLimits {
  maxUnzippedBytes: number;
  maxEntries: number;
}

/** Documents (reports, attachments): far above any real one, with its pictures. */
export const DOCUMENT_ZIP_LIMITS: ZipLimits = { maxUnzippedBytes: 128 * 1024 * 1024, maxEntries: 5_000 };

/** The total unpacked size the central directory declares; throws ZipRefused past the limits. */
export function declaredUnzippedSize(bytes: Uint8Array, limits: ZipLimits): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipRefused(false, 'no central directory');
  const entries = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (entries > limits.maxEntries || offset + size > end)
    throw new ZipRefused(false, 'bad central directory');
  let total = 0;
  let at = offset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) throw new ZipRefused(false, 'bad entry');
    const unzipped = view.getUint32(at + 24, true);
    // 0xFFFFFFFF: a ZIP64 entry, which no document of these sizes needs.
    if (unzipped === 0xffffffff) throw new ZipRefused(false, 'ZIP64');
    total += unzipped;
    if (total > limits.maxUnzippedBytes) throw new ZipRefused(true, 'too large unpacked');
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** A document upload within DOCUMENT_ZIP_LIMITS, else an Error with the caller's message for the user. */
export function checkDocumentZip(bytes: Uint8Array, messages: { tooLarge: string; corrupt: string }): void {
  try {
    declaredUnzippedSize(bytes, DOCUMENT_ZIP_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    throw new Error(error.tooLarge ? messages.tooLarge : messages.corrupt);
  }
}
