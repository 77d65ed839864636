/**
 * Hand-worked bytes of the hourly_contacts entry layout (contact-set.codec.ts).
 */
import {
  ContactSetReader,
  FIRST_EVER,
  FIRST_IN_CHANNEL,
  contactKeyOf,
  decodeContactSet,
  encodeContactSet,
  sqlContactKey,
  sqlContactSet,
  sqlContactWord,
  sqlConversationKey,
  sqlFirstEver,
  sqlFirstInChannel,
} from './contact-set.codec.js';

const entry = (contactKey: number, conversationKey: number, firstEver = false, firstInChannel = false) => ({ contactKey, conversationKey, firstEver, firstInChannel });

describe('encodeContactSet', () => {
  it('packs 8 big-endian bytes per entry: contact key with bit 31 (first ever) and bit 30 (first in channel), then conversation key', () => {
    // Contact 5 (0x05), first ever and first in channel: 0x80000000 + 0x40000000 + 5 = 0xC0000005; conversation 0x0102 = 258.
    // Contact 0x00ABCDEF, first in channel only: 0x40ABCDEF; conversation 7.
    // Contact 9, first ever only: 0x80000009; conversation 0x7FFFFFFF (the largest int4).
    const bytes = encodeContactSet([entry(5, 258, true, true), entry(0xabcdef, 7, false, true), entry(9, 0x7fffffff, true, false)]);
    expect(bytes.toString('hex')).toBe(
      'c0000005' + '00000102' + //
        '80000009' + '7fffffff' +
        '40abcdef' + '00000007',
    );
  });

  it('orders entries by contact key, then conversation key, whatever the flags and the input order', () => {
    // Without the flags contact 3 < 7, so 3's entries come first although 7's word has bit 31 set
    // and 3's has none; within contact 7, conversation 1 before 2.
    const input = [entry(7, 2, true), entry(3, 9), entry(7, 1, true)];
    const bytes = encodeContactSet(input);
    expect(bytes.toString('hex')).toBe('00000003' + '00000009' + '80000007' + '00000001' + '80000007' + '00000002');
    expect(input.map((e) => e.conversationKey)).toEqual([2, 9, 1]); // not sorted in place
  });

  it('rejects a contact key wider than 30 bits (bit 30 would read as a flag)', () => {
    expect(() => encodeContactSet([entry(2 ** 30, 1)])).toThrow(/does not fit in 30 bits/);
    expect(() => encodeContactSet([entry(-1, 1)])).toThrow(/does not fit in 30 bits/);
    expect(encodeContactSet([entry(2 ** 30 - 1, 1)]).toString('hex')).toBe('3fffffff00000001');
  });

  it('packs an empty set as no bytes', () => {
    expect(encodeContactSet([]).length).toBe(0);
  });
});

describe('decoding', () => {
  it('round-trips, in the layout order', () => {
    const list = [entry(1, 1), entry(0x3fffffff, 0x7fffffff, true, true), entry(42, 3, false, true), entry(42, 2, true)];
    expect(decodeContactSet(encodeContactSet(list))).toEqual([entry(1, 1), entry(42, 2, true), entry(42, 3, false, true), entry(0x3fffffff, 0x7fffffff, true, true)]);
  });

  it('reads entries of a row that starts inside a larger buffer (as pg hands out bytea)', () => {
    const packed = encodeContactSet([entry(6, 11, false, true)]);
    const inside = Buffer.concat([Buffer.from([0xff, 0xff, 0xff]), packed, Buffer.from([0xff])]).subarray(3, 11);
    const r = new ContactSetReader(inside);
    expect(r.length).toBe(1);
    expect(r.word(0)).toBe(0x40000006);
    expect(contactKeyOf(r.word(0))).toBe(6);
    expect(r.word(0) & FIRST_IN_CHANNEL).toBeTruthy();
    expect(r.word(0) & FIRST_EVER).toBe(0);
    expect(r.conversationKey(0)).toBe(11);
  });
});

describe('SQL builders', () => {
  it('write the rebuild aggregate with the same flag values and order as encodeContactSet', () => {
    const sql = sqlContactSet('ck.key', 'vk.key', 'fa.x', 'fc.x').replace(/\s+/g, ' ');
    // Bit 30 is 1073741824; bit 31 as an int4 is −2^31.
    expect(sql).toBe(
      "string_agg(int4send(ck.key + CASE WHEN fc.x THEN 1073741824 ELSE 0 END + CASE WHEN fa.x THEN -2147483648 ELSE 0 END) || int4send(vk.key), ''::bytea ORDER BY ck.key, vk.key)",
    );
  });

  it('read entry i as two int4 (1-based substring offsets 1 and 5 of the 8 bytes), the key under bits 30–31, bit 31 as the sign', () => {
    expect(sqlContactWord('t.entries', 'i')).toBe("('x' || encode(substring(t.entries FROM (i) * 8 + 1 FOR 4), 'hex'))::bit(32)::int");
    expect(sqlConversationKey('t.entries', 'i')).toBe("('x' || encode(substring(t.entries FROM (i) * 8 + 5 FOR 4), 'hex'))::bit(32)::int");
    expect(sqlContactKey('w')).toBe('(w & 1073741823)');
    expect(sqlFirstEver('w')).toBe('(w < 0)');
    expect(sqlFirstInChannel('w')).toBe('(w & 1073741824 <> 0)');
  });
});
