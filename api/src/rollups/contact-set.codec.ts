/**
 * The packed layout of hourly_contacts.entries (migration ContactSets), in one place: per UTC hour
 * and channel, one 8-byte entry per (contact, conversation) with a customer message in that hour,
 * ordered by contact key then conversation key:
 *
 *   bytes 0–3  contact word, big-endian: the contact key in bits 0–29, bit 31 set when the
 *              contact's first customer message ever is in this hour, bit 30 when its first in
 *              the row's channel is;
 *   bytes 4–7  conversation key, big-endian.
 *
 * In the team and tag rows (rollups/cut-rows.ts) bit 31 marks the contact's first customer message
 * among that team's or tag's conversations and bit 30 the first among those of the row's channel
 * (conversation_hours' cut flags).
 *
 * Ingest packs entries in TypeScript (encodeContactSet), a rebuild in SQL (sqlContactSet), the
 * metrics read them in TypeScript (ContactSetReader) and the e2e snapshots in SQL (sqlContactWord…).
 * The migration ContactSets keeps its own literal copy of the SQL: migrations are frozen history.
 */

export const ENTRY_BYTES = 8;
/** Bit 31 of the contact word: the contact's first customer message ever is in this hour. */
export const FIRST_EVER = 0x80000000;
/** Bit 30 of the contact word: the contact's first customer message in this row's channel is in this hour. */
export const FIRST_IN_CHANNEL = 0x40000000;
/** Bits 0–29 of the contact word: the contact key (a workspace's 2^30th contact would need a wider entry). */
export const MAX_CONTACT_KEY = 0x3fffffff;

export interface ContactSetEntry {
  contactKey: number;
  conversationKey: number;
  firstEver: boolean;
  firstInChannel: boolean;
}

/** The contact key of a contact word (without its flags). */
export const contactKeyOf = (word: number): number => word & MAX_CONTACT_KEY;

/** The entries of one hourly_contacts row, packed in the layout's order (the input is not modified). */
export function encodeContactSet(entries: ContactSetEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => a.contactKey - b.contactKey || a.conversationKey - b.conversationKey);
  const out = Buffer.alloc(sorted.length * ENTRY_BYTES);
  sorted.forEach((e, i) => {
    if (!Number.isInteger(e.contactKey) || e.contactKey < 0 || e.contactKey > MAX_CONTACT_KEY) throw new Error(`contact key ${e.contactKey} does not fit in 30 bits`);
    out.writeUInt32BE(e.contactKey + (e.firstEver ? FIRST_EVER : 0) + (e.firstInChannel ? FIRST_IN_CHANNEL : 0), i * ENTRY_BYTES);
    out.writeInt32BE(e.conversationKey, i * ENTRY_BYTES + 4);
  });
  return out;
}

/**
 * Reads one row's entries without copying them; for the metrics' loops over millions of entries
 * (entry i: `word(i)` with contactKeyOf and the flag bits, `conversationKey(i)`).
 */
export class ContactSetReader {
  readonly length: number;
  private readonly view: DataView;

  constructor(entries: Uint8Array) {
    this.view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    this.length = entries.byteLength / ENTRY_BYTES;
  }

  /** Entry i's contact word: the contact key with the FIRST_EVER and FIRST_IN_CHANNEL bits. */
  word(i: number): number {
    return this.view.getUint32(i * ENTRY_BYTES);
  }

  conversationKey(i: number): number {
    return this.view.getInt32(i * ENTRY_BYTES + 4);
  }
}

/** The entries of one hourly_contacts row, unpacked (tests and tools; the metrics use ContactSetReader). */
export function decodeContactSet(entries: Uint8Array): ContactSetEntry[] {
  const r = new ContactSetReader(entries);
  return Array.from({ length: r.length }, (_, i) => {
    const word = r.word(i);
    return { contactKey: contactKeyOf(word), conversationKey: r.conversationKey(i), firstEver: (word & FIRST_EVER) !== 0, firstInChannel: (word & FIRST_IN_CHANNEL) !== 0 };
  });
}

// SQL. int4send writes a big-endian int4, so the flag of bit 31 is added as a negative number.
const SQL_FIRST_EVER = FIRST_EVER - 2 ** 32;

/**
 * SQL aggregate: the entries of one hourly_contacts row from int4 key expressions and boolean
 * flag conditions over the grouped rows, in the layout's order.
 */
export function sqlContactSet(contactKey: string, conversationKey: string, firstEver: string, firstInChannel: string): string {
  return `string_agg(int4send(${contactKey} + CASE WHEN ${firstInChannel} THEN ${FIRST_IN_CHANNEL} ELSE 0 END
                                            + CASE WHEN ${firstEver} THEN ${SQL_FIRST_EVER} ELSE 0 END)
                            || int4send(${conversationKey}), ''::bytea ORDER BY ${contactKey}, ${conversationKey})`;
}

/** SQL: the number of entries of an entries (bytea) expression. */
export const sqlEntryCount = (entries: string): string => `(length(${entries}) / ${ENTRY_BYTES})`;

/** SQL: the int4 at byte `offset` of entry `i` (0-based int expression). */
const sqlInt4 = (entries: string, i: string, offset: number) =>
  `('x' || encode(substring(${entries} FROM (${i}) * ${ENTRY_BYTES} + ${offset + 1} FOR 4), 'hex'))::bit(32)::int`;
/** SQL: entry i's contact word as a (signed) int4. */
export const sqlContactWord = (entries: string, i: string): string => sqlInt4(entries, i, 0);
/** SQL: entry i's conversation key. */
export const sqlConversationKey = (entries: string, i: string): string => sqlInt4(entries, i, 4);
/** SQL: the contact key of a contact word. */
export const sqlContactKey = (word: string): string => `(${word} & ${MAX_CONTACT_KEY})`;
/** SQL: whether a contact word has the FIRST_EVER flag (bit 31: the int4's sign). */
export const sqlFirstEver = (word: string): string => `(${word} < 0)`;
/** SQL: whether a contact word has the FIRST_IN_CHANNEL flag. */
export const sqlFirstInChannel = (word: string): string => `(${word} & ${FIRST_IN_CHANNEL} <> 0)`;
