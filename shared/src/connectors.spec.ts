import { ConnectionSecretsSchemas, CreateConnectionRequestSchema, VERIFY_TOKEN_KINDS } from './connectors.js';

describe('POST /connections body', () => {
  it('defaults: sessionGapHours 24; channel and defaultSender optional', () => {
    expect(CreateConnectionRequestSchema.parse({ kind: 'whatsapp', name: 'Sales', secrets: { appSecret: 'x' } })).toEqual({ kind: 'whatsapp', name: 'Sales', sessionGapHours: 24, secrets: { appSecret: 'x' } });
  });

  it('names the field of each problem', () => {
    const paths = (body: unknown) => {
      const r = CreateConnectionRequestSchema.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(paths({ kind: 'carrier-pigeon', name: 'x', secrets: {} })[0]).toMatch(/^kind: must be one of whatsapp, meta/);
    expect(paths({ kind: 'whatsapp', name: 'x', secrets: {}, sessionGapHours: 1.5 })).toEqual(['sessionGapHours: must be a whole number of hours from 1 to 720']);
    expect(paths({ kind: 'whatsapp', name: 'x', secrets: {}, sessionGapHours: 721 })).toEqual(['sessionGapHours: must be a whole number of hours from 1 to 720']);
    expect(paths({ kind: 'whatsapp', name: 'x', secrets: [] })).toEqual(['secrets: must be an object with the platform secrets']);
    expect(paths({ kind: 'whatsapp', name: 'x', secrets: {}, channel: 'WhatsApp' })[0]).toMatch(/^channel: must be 1–32 lowercase/);
  });

  it('whatsapp secrets: an app secret of printable ASCII, an optional verify token', () => {
    const s = ConnectionSecretsSchemas.whatsapp;
    expect(s.safeParse({ appSecret: '0123456789abcdef' }).success).toBe(true);
    expect(s.safeParse({ appSecret: '0123456789abcdef', verifyToken: 'my-token-1' }).success).toBe(true);
    expect(s.safeParse({}).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['appSecret: is required']);
    expect(s.safeParse({ appSecret: 'with space in it' }).error!.issues[0].message).toBe('must be printable ASCII without spaces');
    expect(s.safeParse({ appSecret: '0123456789abcdef', verifyToken: 'short' }).error!.issues[0].message).toBe('must be at least 8 characters');
    expect(s.safeParse({ appSecret: '0123456789abcdef', other: 'x' }).success).toBe(false);
  });

  it('meta (Messenger, Instagram) takes the same Meta app secrets, and gets a verify token like whatsapp', () => {
    expect(CreateConnectionRequestSchema.parse({ kind: 'meta', name: 'Page', secrets: { appSecret: 'x' } }).kind).toBe('meta');
    expect(ConnectionSecretsSchemas.meta.safeParse({ appSecret: '0123456789abcdef', verifyToken: 'my-token-1' }).success).toBe(true);
    expect(ConnectionSecretsSchemas.meta.safeParse({}).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['appSecret: is required']);
    expect([...VERIFY_TOKEN_KINDS].sort()).toEqual(['meta', 'whatsapp']);
  });
});
