// QR codes as inline SVG, generated here (no image service: the codes carry public links only, but a
// third-party generator would still see every window's address and slow the page). Error correction
// M survives a scuffed or partly covered print on a 窗口 counter and keeps the symbol small.
import QRCode from 'qrcode';

/** The longest text encoded, in UTF-8 bytes: a longer one gives a symbol too dense to scan from paper. */
export const MAX_QR_TEXT_BYTES = 1024;

/** Light modules around the symbol, as the standard asks (ISO/IEC 18004: 4 modules). */
const QUIET_ZONE = 4;

/** XML-escapes for text and attribute values (the .svg download is parsed as XML, not HTML). */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Thrown for text that is empty or longer than MAX_QR_TEXT_BYTES. */
export class QrTextError extends RangeError {
  override name = 'QrTextError';
}

/** The dark/light module matrix of `text` (error correction M), row by row; true is dark. */
export function qrModules(text: string): boolean[][] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes === 0) throw new QrTextError('二维码内容为空');
  if (bytes > MAX_QR_TEXT_BYTES) {
    throw new QrTextError(`二维码内容过长：${bytes} 字节，最多 ${MAX_QR_TEXT_BYTES} 字节`);
  }
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let row = 0; row < modules.size; row++) {
    const cells: boolean[] = [];
    for (let col = 0; col < modules.size; col++) cells.push(Boolean(modules.get(row, col)));
    rows.push(cells);
  }
  return rows;
}

/**
 * `text` as a standalone SVG QR code (with xmlns, so the same string serves inline and as a
 * downloaded .svg file). It scales with CSS (viewBox, no fixed size); `label` becomes its title for
 * screen readers (default: 二维码 and the text). Throws QrTextError for empty or over-long text.
 */
export function qrSvg(text: string, label = `二维码：${text}`): string {
  const rows = qrModules(text);
  const size = rows.length + 2 * QUIET_ZONE;
  // One path, a run of dark modules per segment: a few kB for a URL instead of one <rect> per module.
  let path = '';
  rows.forEach((cells, y) => {
    let x = 0;
    while (x < cells.length) {
      if (!cells[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < cells.length && cells[x]) x++;
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`;
    }
  });
  const title = escapeXml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${title}" shape-rendering="crispEdges">` +
    `<title>${title}</title><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/></svg>`
  );
}
