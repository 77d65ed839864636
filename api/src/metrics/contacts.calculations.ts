/**
 * Distinct-contact figures counted from hourly_contacts (migration ContactSets): per UTC hour and
 * channel, one entry per (contact, conversation) with a customer message in that hour: the
 * contact key with two first-message flags, then the conversation key (rollups/contact-set.codec.ts).
 *
 * Counting here, over dense integer keys and typed arrays, is linear in the entries; Postgres
 * would sort or hash (bucket, contact text) pairs. Buckets are unions of whole hours (the rollup
 * path), so "in the bucket" is exactly "in one of its hours".
 */
import { ContactSetReader, FIRST_EVER, FIRST_IN_CHANNEL, contactKeyOf } from '../rollups/contact-set.codec.js';

/** One hourly_contacts row, with the 1-based bucket its hour falls in and its group (null: none). Rows come in hour order. */
export interface ContactSet {
  b: number;
  g: string | null;
  entries: Uint8Array;
}

/**
 * Which flag marks a contact's first customer message in scope: over all channels, in the
 * row's channel (one channel filtered, or grouped by channel), or none (several channels
 * filtered: their earliest is not in the sets; counted elsewhere).
 */
export type FirstFlag = 'ever' | 'channel' | null;

export interface ContactCounts {
  b: number;
  g: string | null;
  active: number;
  /** Contacts whose first message in scope is in the bucket (0 when `first` is null). */
  new: number;
  /** Active contacts with customer messages in two or more conversations in the bucket. */
  repeat: number;
}

/** SQL's width_bucket(x, bounds) for ascending bounds: how many bounds are ≤ x. */
export function widthBucket(x: number, bounds: number[]): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function maxKey(sets: ContactSet[]): number {
  let max = 0;
  for (const s of sets) {
    const r = new ContactSetReader(s.entries);
    for (let i = 0; i < r.length; i++) max = Math.max(max, contactKeyOf(r.word(i)));
  }
  return max;
}

function flagOf(first: FirstFlag): number {
  return first === 'ever' ? FIRST_EVER : first === 'channel' ? FIRST_IN_CHANNEL : 0;
}

/**
 * Active, new and repeat contacts per bucket and group (the sets' g: a channel, team, tag or null).
 * Only buckets with an active contact appear.
 */
export function contactCounts(sets: ContactSet[], first: FirstFlag): ContactCounts[] {
  const groups = new Map<string | null, ContactSet[]>();
  for (const s of sets) {
    let list = groups.get(s.g);
    if (!list) groups.set(s.g, (list = []));
    list.push(s);
  }
  const size = maxKey(sets) + 1;
  // seen[k] = the (group, bucket) pass that last saw contact k; conv[k] its first conversation
  // there (−1 once counted as repeat); fresh[k] = the pass that last counted it new.
  const seen = new Int32Array(size);
  const conv = new Int32Array(size);
  const fresh = new Int32Array(size);
  const flag = flagOf(first);
  const out: ContactCounts[] = [];
  let pass = 0;
  for (const [g, list] of groups) {
    let row: ContactCounts | null = null;
    for (const s of list) {
      if (row === null || row.b !== s.b) {
        row = { b: s.b, g, active: 0, new: 0, repeat: 0 };
        out.push(row);
        pass++;
      }
      const r = new ContactSetReader(s.entries);
      for (let i = 0; i < r.length; i++) {
        const word = r.word(i);
        const k = contactKeyOf(word);
        const c = r.conversationKey(i);
        if (seen[k] !== pass) {
          seen[k] = pass;
          conv[k] = c;
          row.active++;
        } else if (conv[k] !== c && conv[k] !== -1) {
          conv[k] = -1;
          row.repeat++;
        }
        if (word & flag && fresh[k] !== pass) {
          fresh[k] = pass;
          row.new++;
        }
      }
    }
  }
  return out.filter((r) => r.active > 0);
}

export interface CohortCount {
  /** The cohort: the bucket of the contact's first customer message in scope. */
  c: number;
  /** The bucket the members wrote in. */
  b: number;
  contacts: number;
}

/**
 * Cohort cells from the sets of [first cohort bucket, to), in hour order: a contact joins the
 * cohort of the bucket where its first-message flag appears (its earliest hour, so before any of
 * its other entries), and counts once in every bucket it wrote in from then on.
 */
export function cohortCounts(sets: ContactSet[], first: 'ever' | 'channel'): CohortCount[] {
  const size = maxKey(sets) + 1;
  const cohort = new Int32Array(size);
  const last = new Int32Array(size);
  const flag = flagOf(first);
  const cells = new Map<number, CohortCount>();
  for (const s of sets) {
    const r = new ContactSetReader(s.entries);
    for (let i = 0; i < r.length; i++) {
      const word = r.word(i);
      const k = contactKeyOf(word);
      if (cohort[k] === 0 && word & flag) cohort[k] = s.b;
      const c = cohort[k];
      if (c === 0 || last[k] === s.b) continue;
      last[k] = s.b;
      const id = c * 65536 + s.b;
      const cell = cells.get(id);
      if (cell) cell.contacts++;
      else cells.set(id, { c, b: s.b, contacts: 1 });
    }
  }
  return [...cells.values()];
}
