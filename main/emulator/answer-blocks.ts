/**
 * Split answer data into the data parts of partial blocks (IEC 62056-21:2002 clause 6.3.9: a long answer is
 * sent as blocks ending with EOT, the last with ETX). Parts break after a CR LF where possible so every part
 * holds whole data lines; a single line longer than `maxBytes` is cut. Empty data gives one empty part.
 * @param maxBytes largest part length in characters (≥ 1).
 * @throws RangeError when maxBytes < 1.
 */
export function splitAnswer(data: string, maxBytes: number): string[] {
  if (!(maxBytes >= 1)) throw new RangeError(`partial block size must be at least 1 byte, got ${maxBytes}`);
  const parts: string[] = [];
  let start = 0;
  while (data.length - start > maxBytes) {
    const limit = start + maxBytes;
    const cut = data.lastIndexOf('\r\n', limit - 2);
    const end = cut >= start ? cut + 2 : limit;
    parts.push(data.slice(start, end));
    start = end;
  }
  parts.push(data.slice(start));
  return parts;
}
