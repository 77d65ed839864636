import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Failed sign-ins are counted in fixed windows of 15 minutes, in the database (login_attempts),
 * before the password is checked. A client without a valid device cookie for the account counts
 * on the account (shared by every such client) and on its IP address; a client with one counts
 * only on that cookie, so an attacker elsewhere cannot lock the owner out (OWASP, "Slow Down
 * Online Guessing Attacks with Device Cookies").
 */
export const WINDOW_SECONDS = 15 * 60;
export const LIMITS = { account: 5, ip: 20, device: 5 } as const;

export interface Counter {
  kind: 'account' | 'ip' | 'device';
  /** SHA-256 (hex) of the counter's kind and subject: the database never holds an email or IP. */
  key: string;
  limit: number;
}

/** Where one counter stands after this attempt was added to it. */
export interface Taken {
  key: string;
  attempts: number;
  /** Seconds until the counter's window ends (at least 1 while it lasts). */
  retryAfter: number;
}

const counterKey = (kind: string, subject: string) => createHash('sha256').update(`${kind}\n${subject}`, 'utf8').digest('hex');

/**
 * An IPv6 client usually holds a whole /64, so it counts as that /64; IPv4 (also written as
 * ::ffff:a.b.c.d) counts per address.
 */
export function ipSubject(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(ip) || ip.includes('.')) return ip;
  const [head, tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * The counters one attempt takes, sorted by key so that concurrent attempts lock the shared rows
 * in the same order (no deadlock). `deviceKey` is set when the request carries a valid device
 * cookie for this account.
 */
export function countersFor(email: string, ip: string, deviceKey: string | null): Counter[] {
  const counters = deviceKey
    ? [{ kind: 'device' as const, key: counterKey('device', deviceKey), limit: LIMITS.device }]
    : [
        { kind: 'account' as const, key: counterKey('account', email.toLowerCase()), limit: LIMITS.account },
        { kind: 'ip' as const, key: counterKey('ip', ipSubject(ip)), limit: LIMITS.ip },
      ];
  return counters.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * 0 when every counter is within its limit with this attempt included (the password may be
 * checked), else the seconds until all exceeded counters' windows end (Retry-After).
 */
export function retryAfter(counters: Counter[], taken: Taken[]): number {
  let wait = 0;
  for (const c of counters) {
    const t = taken.find((x) => x.key === c.key);
    if (!t) throw new Error('a counter was not taken');
    if (t.attempts > c.limit) wait = Math.max(wait, t.retryAfter, 1);
  }
  return wait;
}
