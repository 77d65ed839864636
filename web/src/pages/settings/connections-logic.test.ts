import { describe, expect, it } from '@jest/globals';
import type { CreatedConnection } from '@parley/shared';
import { emptyDraft, fieldLabel, kindHelp, oneTimeValues, secretFields, toRequest } from './connections-logic';
import { salesLine } from './test-fixtures';

describe('connections form logic', () => {
  it('labels schema keys for people', () => {
    expect(fieldLabel('appSecret')).toBe('App secret');
    expect(fieldLabel('verifyToken')).toBe('Verify token');
    expect(fieldLabel('hmac_token')).toBe('Hmac token');
    expect(fieldLabel('authToken2')).toBe('Auth token2');
  });

  it("reads a kind's secrets from its schema", () => {
    expect(secretFields('whatsapp').map(({ key, label, required }) => ({ key, label, required }))).toEqual([
      { key: 'appSecret', label: 'App secret', required: true },
      { key: 'verifyToken', label: 'Verify token', required: false },
    ]);
  });

  it('sends only what is set, trimmed, and refuses with the API wording', () => {
    const draft = { ...emptyDraft('whatsapp'), name: '  Sales  ', secrets: { appSecret: 'abcdefgh', verifyToken: '' } };
    expect(toRequest(draft)).toEqual({ request: { kind: 'whatsapp', name: 'Sales', secrets: { appSecret: 'abcdefgh' }, sessionGapHours: 24 } });
    expect(toRequest({ ...draft, sessionGapHours: '' })).toEqual({ request: { kind: 'whatsapp', name: 'Sales', secrets: { appSecret: 'abcdefgh' } } });
    // A sender type alone (no id) keeps the server's default sender.
    expect(toRequest({ ...draft, senderType: 'bot' })).toEqual({ request: { kind: 'whatsapp', name: 'Sales', secrets: { appSecret: 'abcdefgh' }, sessionGapHours: 24 } });
    expect(toRequest({ ...draft, channel: 'WhatsApp', sessionGapHours: '1.5', secrets: { appSecret: 'short' } })).toEqual({
      problems: [
        'channel: must be 1–32 lowercase letters, digits, "_" or "-", starting with a letter or digit',
        'sessionGapHours: must be a whole number of hours from 1 to 720',
        'secrets.appSecret: must be at least 8 characters',
      ],
    });
  });

  it('finds the values shown once in a create answer, whatever the kind adds', () => {
    const created = { ...salesLine, verifyToken: 'tok-1', secretToken: 'tok-2' } as CreatedConnection;
    expect(oneTimeValues(created)).toEqual([
      { key: 'verifyToken', label: 'Verify token', value: 'tok-1' },
      { key: 'secretToken', label: 'Secret token', value: 'tok-2' },
    ]);
    expect(oneTimeValues(salesLine)).toEqual([]);
  });

  it('has help for every kind, a general sentence for one it does not know', () => {
    expect(kindHelp('whatsapp')).toContain('Callback URL');
    expect(kindHelp('pigeon')).toBe("Paste the webhook URL into the platform's webhook settings; it accepts only deliveries signed with the secrets given here.");
  });
});
