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
    // Other kinds join the list as they come: only its start is fixed here.
    expect(paths({ kind: 'nope', name: 'x', secrets: {} })).toEqual([expect.stringMatching(/^kind: must be one of whatsapp, /)]);
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

  it('chatwoot secrets: the webhook secret, printable ASCII', () => {
    const s = ConnectionSecretsSchemas.chatwoot;
    expect(s.safeParse({ webhookSecret: 'cw-secret-123' }).success).toBe(true);
    expect(s.safeParse({}).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['webhookSecret: is required']);
    expect(s.safeParse({ webhookSecret: 'short' }).error!.issues[0].message).toBe('must be at least 8 characters');
    expect(s.safeParse({ webhookSecret: 'cw-secret-123', appSecret: 'x' }).success).toBe(false);
  });

  it('telegram secrets: an optional secret token of Telegram\'s alphabet, at least 16 characters', () => {
    const s = ConnectionSecretsSchemas.telegram;
    expect(s.safeParse({}).success).toBe(true);
    expect(s.safeParse({ secretToken: 'Abc_def-0123456789' }).success).toBe(true);
    expect(s.safeParse({ secretToken: 'short_token' }).error!.issues[0].message).toBe('must be at least 16 characters');
    expect(s.safeParse({ secretToken: 'abc.def.0123456789' }).error!.issues[0].message).toBe('must be letters, digits, "_" or "-" (what Telegram allows)');
    expect(s.safeParse({ secretToken: 'x'.repeat(257) }).error!.issues[0].message).toBe('must be at most 256 characters');
    expect(s.safeParse({ botToken: '123:abc' }).success).toBe(false);
  });

  it('twilio secrets: the auth token is required', () => {
    const s = ConnectionSecretsSchemas.twilio;
    expect(s.safeParse({ authToken: '96yc5z9g44vl4ks2p1suc42yb9p4lpmu' }).success).toBe(true);
    expect(s.safeParse({}).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['authToken: is required']);
    expect(s.safeParse({ authToken: '12345' }).error!.issues[0].message).toBe('must be at least 8 characters');
  });
});
