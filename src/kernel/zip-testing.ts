// For tests: a ZIP bomb's central directory, made from a small real ZIP.

/** A copy of `zip` whose first entry declares an unpacked size of about 4 GB. */
export function declaringHugeUnzippedSize(zip: Uint8Array): Uint8Array {
  const bomb = new Uint8Array(zip);
  const view = new DataView(bomb.buffer);
  let end = bomb.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const first = view.getUint32(end + 16, true);
  view.setUint32(first + 24, 0xfff00000, true);
  return bomb;
}
