import { LIMITS, countersFor, ipSubject, retryAfter } from './login-limits.calculations.js';

describe('ipSubject', () => {
  it('counts IPv4 per address, also when written IPv4-mapped', () => {
    expect(ipSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts IPv6 per /64: the first four groups, written without leading zeros', () => {
    expect(ipSubject('2001:0db8:0000:0012:0000:0000:0000:0001')).toBe('2001:db8:0:12::/64');
    // :: stands for the missing zero groups: 2001:db8:0:12:0:0:0:abcd.
    expect(ipSubject('2001:db8:0:12::abcd')).toBe('2001:db8:0:12::/64');
    // Here :: covers groups 3 to 7: 2001:db8:0:0:0:0:0:1.
    expect(ipSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
    // Another /64 is another subject.
    expect(ipSubject('2001:db8:0:13::1')).toBe('2001:db8:0:13::/64');
  });

  it('leaves anything else as it is', () => {
    expect(ipSubject('unknown')).toBe('unknown');
  });
});

describe('countersFor', () => {
  it('an untrusted client counts on the account (hash of the lower-cased email) and on its IP', () => {
    const counters = countersFor('Ada@Example.COM', '203.0.113.7', null);
    // printf 'account\nada@example.com' | sha256sum
    expect(counters).toContainEqual({ kind: 'account', key: '010c0f66967cffda028ec0bdfa903e9db3e74dfa25e38a57cc5014975f41b497', limit: 5 });
    expect(counters.map((c) => c.kind).sort()).toEqual(['account', 'ip']);
    expect(counters.find((c) => c.kind === 'ip')!.limit).toBe(20);
    expect(JSON.stringify(counters)).not.toMatch(/ada|203\.0/i);
  });

  it('one IPv6 /64 shares one IP counter', () => {
    const ip = (addr: string) => countersFor('a@b.c', addr, null).find((c) => c.kind === 'ip')!.key;
    // printf 'ip\n2001:db8:0:12::/64' | sha256sum
    expect(ip('2001:db8:0:12::1')).toBe('db5fe2dd4d693cf0ac3f680a660ee1c2fae1141c5895e51087201c09bd345f33');
    expect(ip('2001:db8:0:12:ffff::9')).toBe(ip('2001:db8:0:12::1'));
    expect(ip('2001:db8:0:13::1')).not.toBe(ip('2001:db8:0:12::1'));
  });

  it('a client with a device cookie for the account counts on that cookie only', () => {
    const counters = countersFor('ada@example.com', '203.0.113.7', 'abc');
    // printf 'device\nabc' | sha256sum
    expect(counters).toEqual([{ kind: 'device', key: '31e8cba92e65f00f9d9f1083e503a68f77c21735fbc58ed53c4bad8bcecf8525', limit: LIMITS.device }]);
  });

  it('sorts the counters by key, so concurrent attempts lock rows in one order', () => {
    for (const [email, ip] of [['a@b.c', '1.2.3.4'], ['x@y.z', '1.2.3.4'], ['a@b.c', '9.9.9.9']]) {
      const keys = countersFor(email, ip, null).map((c) => c.key);
      expect(keys).toEqual([...keys].sort());
    }
  });
});

describe('retryAfter', () => {
  const counters = [
    { kind: 'account' as const, key: 'a', limit: 5 },
    { kind: 'ip' as const, key: 'i', limit: 20 },
  ];

  it('0 while every counter, this attempt included, is within its limit', () => {
    expect(retryAfter(counters, [{ key: 'a', attempts: 5, retryAfter: 600 }, { key: 'i', attempts: 20, retryAfter: 100 }])).toBe(0);
  });

  it('the wait of the exceeded counter', () => {
    // The 6th attempt on the account, whose window ends in 600 s; the IP (7 of 20) is fine.
    expect(retryAfter(counters, [{ key: 'a', attempts: 6, retryAfter: 600 }, { key: 'i', attempts: 7, retryAfter: 100 }])).toBe(600);
  });

  it('the longest wait when several are exceeded, and at least 1 s', () => {
    expect(retryAfter(counters, [{ key: 'a', attempts: 6, retryAfter: 300 }, { key: 'i', attempts: 21, retryAfter: 800 }])).toBe(800);
    expect(retryAfter(counters, [{ key: 'a', attempts: 9, retryAfter: 0 }, { key: 'i', attempts: 1, retryAfter: 900 }])).toBe(1);
  });

  it('refuses to decide without every counter', () => {
    expect(() => retryAfter(counters, [{ key: 'a', attempts: 1, retryAfter: 900 }])).toThrow();
  });
});
