import { copyBinaryText } from './copy.calculations.js';

/** Builds COPY binary output as Postgres writes it (optionally with a header extension). */
function copyBinary(values: (string | null)[], extension = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(19);
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1').copy(head);
  head.writeInt32BE(0, 11);
  head.writeInt32BE(extension.length, 15);
  const rows = values.map((v) => {
    const bytes = v === null ? Buffer.alloc(0) : Buffer.from(v, 'utf8');
    const frame = Buffer.alloc(6);
    frame.writeInt16BE(1, 0);
    frame.writeInt32BE(v === null ? -1 : bytes.length, 2);
    return Buffer.concat([frame, bytes]);
  });
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return Buffer.concat([head, extension, ...rows, trailer]);
}

describe('copyBinaryText', () => {
  it('concatenates the rows, bytes unchanged (CR LF, quotes, UTF-8)', () => {
    const lines = ['a,b\r\n', '"x ""y""",\'=1\r\n', 'Grüße,😀\r\n'];
    expect(copyBinaryText(copyBinary(lines)).toString('utf8')).toBe(lines.join(''));
  });

  it('handles no rows, empty and NULL values, and a header extension', () => {
    expect(copyBinaryText(copyBinary([])).length).toBe(0);
    expect(copyBinaryText(copyBinary(['', null, 'z'], Buffer.from('ext!'))).toString()).toBe('z');
  });

  it('rejects what is not one-column COPY binary output', () => {
    expect(() => copyBinaryText(Buffer.from('a,b\n'))).toThrow(/signature/);
    const full = copyBinary(['abc', 'def']);
    expect(() => copyBinaryText(full.subarray(0, full.length - 4))).toThrow(/truncated|trailer/);
    expect(() => copyBinaryText(full.subarray(0, full.length - 2))).toThrow(/trailer/);
    const two = Buffer.from(full);
    two.writeInt16BE(2, 19);
    expect(() => copyBinaryText(two)).toThrow(/1 field/);
  });
});
