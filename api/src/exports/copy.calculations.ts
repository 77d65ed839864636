/**
 * `COPY … TO STDOUT (FORMAT binary)` of a query with one text column → those texts, concatenated.
 * The binary format frames each value with its length, so nothing in the text needs escaping
 * (the text format would escape the CR LF ending each CSV line, the csv format would quote it).
 * Layout: 11-byte signature, int32 flags, int32 header-extension length and extension, then per
 * row int16 field count (1) and int32 byte length (-1 for NULL) plus the bytes, then int16 -1.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export function copyBinaryText(data: Buffer): Buffer {
  if (data.length < 19 || !data.subarray(0, 11).equals(SIGNATURE)) throw new Error('COPY binary: bad signature');
  let i = 15 + 4 + data.readInt32BE(15);
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (i + 2 > data.length) throw new Error('COPY binary: data ends without its trailer');
    const fields = data.readInt16BE(i);
    if (fields === -1) break;
    if (fields !== 1) throw new Error(`COPY binary: expected 1 field per row, got ${fields}`);
    if (i + 6 > data.length) throw new Error('COPY binary: truncated row');
    const length = data.readInt32BE(i + 2);
    i += 6;
    if (length < 0) continue; // NULL: nothing to write
    if (i + length > data.length) throw new Error('COPY binary: truncated row');
    parts.push(data.subarray(i, i + length));
    total += length;
    i += length;
  }
  return Buffer.concat(parts, total);
}
