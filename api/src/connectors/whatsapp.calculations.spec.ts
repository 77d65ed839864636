import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWhatsApp, waTimestampMs } from './whatsapp.calculations.js';
import { type MadeEvent, type SessionConnection, sessionEvents } from './sessions.calculations.js';

/** The recorded payloads (fixtures/webhooks/whatsapp, pywa, MIT) and ours (whatsapp-parley): every case of every file. */
const FIXTURES = join(__dirname, '../../../fixtures/webhooks');
const cases = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

const CONN: SessionConnection = { id: 'Cn0123456789abcdefghij', prefix: 'wa', channel: 'whatsapp', sender: { type: 'agent', id: 'Support' }, sessionGapMs: 24 * 3_600_000 };
const P = 'wa:Cn0123456789abcdefghij:';
/** The session conversation rule, written out: connection prefix, `c:`, 22 characters of SHA-256(contact NUL first message id). */
const conv = (contact: string, first: string) => `${P}c:${createHash('sha256').update(`${contact}\u0000${first}`).digest('base64url').slice(0, 22)}`;
const at = (unix: number) => new Date(unix * 1000).toISOString();
const common = (contact: string, wamid: string, unix: number, first = wamid) => ({
  occurredAt: at(unix),
  conversationId: conv(contact, first),
  contactId: contact,
  channel: 'whatsapp',
  messageId: `Cn0123456789abcdefghij:${wamid}`,
});
const received = (wamid: string, unix: number, contact = '972987654321'): MadeEvent => ({
  id: `${P}in:${wamid}`,
  type: 'message.received',
  ...common(contact, wamid, unix),
  sender: { type: 'customer' },
});
const sent = (wamid: string, unix: number, contact = '972987654321', campaignId?: string): MadeEvent => ({
  id: `${P}out:${wamid}`,
  type: 'message.sent',
  ...common(contact, wamid, unix),
  sender: { type: 'agent', id: 'Support' },
  ...(campaignId && { campaignId }),
});
const status = (s: 'delivered' | 'read' | 'failed', wamid: string, unix: number, contact = '972987654321'): MadeEvent => ({
  id: `${P}${s}:${wamid}`,
  type: `message.${s}`,
  ...common(contact, wamid, unix),
});

/** A delivery mapped with nothing stored. */
const map = (body: unknown) => {
  const parsed = parseWhatsApp(body);
  return { events: sessionEvents(CONN, parsed.items, { messages: new Map(), sent: new Map() }), ignored: parsed.ignored };
};

const EXPECTED: Record<string, Record<string, { events: MadeEvent[]; ignored: number }>> = {
  'whatsapp/callback_button.json': {
    button: { events: [received('wamid.xyzxyz', 1698266730)], ignored: 0 },
    quick_reply: { events: [received('wamid.xsidjw', 1698269027)], ignored: 0 },
    quick_reply_without_context: { events: [received('wamid.xsidjx', 1698269027)], ignored: 0 },
  },
  'whatsapp/callback_selection.json': {
    callback: { events: [received('wamid.zyzxyz', 1698266905)], ignored: 0 },
    description: { events: [received('wamid.zyzxyz', 1698266905)], ignored: 0 },
  },
  // A deletion or an edit of an earlier message is no new message.
  'whatsapp/deleted_message.json': { revoke: { events: [], ignored: 1 } },
  'whatsapp/edited_message.json': { image: { events: [], ignored: 1 } },
  'whatsapp/message.json': {
    text: { events: [received('wamid.xyzxyz', 1697043223)], ignored: 0 },
    image: { events: [received('wamid.xyzxyz', 1697043379)], ignored: 0 },
    media_with_url: { events: [received('wamid.xyzxyz', 1697043379)], ignored: 0 },
    video: { events: [received('wamid.xyzxyz', 1697044362)], ignored: 0 },
    document: { events: [received('wamid.xyzxyz', 1697043666)], ignored: 0 },
    audio: { events: [received('wamid.xyzxyz', 1697043509)], ignored: 0 },
    voice: { events: [received('wamid.xyzxyz', 1697043473)], ignored: 0 },
    static_sticker: { events: [received('wamid.xyzxyz', 1697043760)], ignored: 0 },
    animated_sticker: { events: [received('wamid.xyzxyz', 1697043785)], ignored: 0 },
    // A reaction asks for no reply: it would open a wait no one closes.
    reaction: { events: [], ignored: 1 },
    unreaction_empty: { events: [], ignored: 1 },
    unreaction_no_emoji: { events: [], ignored: 1 },
    current_location: { events: [received('wamid.xyzxyz', 1697044557)], ignored: 0 },
    chosen_location: { events: [received('wamid.xyzxyz', 1697044557)], ignored: 0 },
    contacts: { events: [received('wamid.xyzxyz', 1697044621)], ignored: 0 },
    order: { events: [received('wamid.xyzxyz', 1697044668)], ignored: 0 },
    // The customer wrote something the API cannot show: still a customer message.
    unsupported: { events: [received('wamid.xyzxyz', 1697044706)], ignored: 0 },
    unsupported_with_type: { events: [received('wamid.xyzxyz', 1697044706)], ignored: 0 },
    reply: { events: [received('wamid.xyzxyz', 1697044746)], ignored: 0 },
    forwarded: { events: [received('wamid.xyzxyz', 1697044815)], ignored: 0 },
    forwarded_many_times: { events: [received('wamid.xyzxyz', 1697044968)], ignored: 0 },
    interactive_message_with_err: { events: [received('wamid.wegrchytvwcggt=', 1700505494)], ignored: 0 },
    referral: { events: [received('wamid.ID', 1697045000)], ignored: 0 },
  },
  'whatsapp/message_status.json': {
    // The first status of any kind makes the message.sent; "sent" and "played" make nothing more.
    sent: { events: [sent('wamid.xyzxyz', 1698266945)], ignored: 0 },
    delivered: { events: [sent('wamid.xyzxyz', 1698266945), status('delivered', 'wamid.xyzxyz', 1698266945)], ignored: 0 },
    read: { events: [sent('wamid.xyzxyz', 1689380458), status('read', 'wamid.xyzxyz', 1689380458)], ignored: 0 },
    played: { events: [sent('wamid.xyzxyz', 1689380458)], ignored: 0 },
    failed: { events: [sent('wamid.xyzxyz', 1689380458), status('failed', 'wamid.xyzxyz', 1689380458)], ignored: 0 },
    // Callback data on a service message is no campaign.
    with_tracker: { events: [sent('wamid.xyzxyz', 1698266945)], ignored: 0 },
    // A group is not a customer conversation.
    group: { events: [], ignored: 1 },
  },
  'whatsapp/outgoing_message.json': {
    text: { events: [sent('<WHATSAPP_MESSAGE_ID>', 1697043223, '<WHATSAPP_USER_PHONE_NUMBER>')], ignored: 0 },
    delete: { events: [], ignored: 1 },
    edit: { events: [], ignored: 1 },
  },
  'whatsapp/system.json': { phone_number_change: { events: [], ignored: 1 }, identity_change: { events: [], ignored: 1 } },
  'whatsapp-parley/marketing_status.json': {
    // No name in the payload: the UTC day of the broadcast (2025-12-01).
    cbp_sent_origin_marketing: { events: [sent('wamid.MKT1', 1764583200, '4915110000001', 'whatsapp-marketing-2025-12-01')], ignored: 0 },
    pmp_delivered_with_callback_data: {
      events: [sent('wamid.MKT2', 1764583210, '4915110000001', 'winter-sale'), status('delivered', 'wamid.MKT2', 1764583210, '4915110000001')],
      ignored: 0,
    },
    pmp_read_marketing_lite: {
      events: [sent('wamid.MKT3', 1764583220, '4915110000001', 'whatsapp-marketing-2025-12-01'), status('read', 'wamid.MKT3', 1764583220, '4915110000001')],
      ignored: 0,
    },
    utility_sent: { events: [sent('wamid.UTL1', 1764583230, '4915110000001')], ignored: 0 },
    failed_undeliverable: { events: [sent('wamid.MKT4', 1764583240, '4915110000001'), status('failed', 'wamid.MKT4', 1764583240, '4915110000001')], ignored: 0 },
    // In time order: the broadcast (T+45) starts the conversation, its status and the customer's message (T+50) join it.
    mixed_batch: {
      events: [
        sent('wamid.MIX_OUT', 1764583245, '4915110000001', 'whatsapp-marketing-2025-12-01'),
        status('delivered', 'wamid.MIX_OUT', 1764583246, '4915110000001'),
        { ...received('wamid.MIX_IN', 1764583250, '4915110000001'), conversationId: conv('4915110000001', 'wamid.MIX_OUT') },
      ],
      ignored: 0,
    },
  },
};

describe('WhatsApp payloads → events (nothing stored yet)', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: every case maps to exactly these events`, () => {
      const all = cases(file);
      expect(Object.keys(all).sort()).toEqual(Object.keys(expected).sort()); // no case left out
      for (const [name, want] of Object.entries(expected)) expect({ name, ...map(all[name]) }).toEqual({ name, ...want });
    });
  }

  it('one conversation id written out by hand', () => {
    // sha256("972987654321\0wamid.xyzxyz") in base64url, first 22 characters.
    expect(map(cases('whatsapp/message.json').text).events[0].conversationId).toBe('wa:Cn0123456789abcdefghij:c:NT84niyMd71xI6BKcUugrK');
  });

  it("uses the connection's channel and sender", () => {
    const c = { ...CONN, channel: 'wa-eu', sender: { type: 'bot' as const, id: 'bot-7' } };
    const parsed = parseWhatsApp(cases('whatsapp/message_status.json').sent);
    const [e] = sessionEvents(c, parsed.items, { messages: new Map(), sent: new Map() });
    expect(e).toMatchObject({ channel: 'wa-eu', sender: { type: 'bot', id: 'bot-7' } });
  });
});

describe('what is not a WhatsApp delivery is ignored, never an error', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', [1, 2]],
    ['another object', { object: 'page', entry: [] }],
    ['no entries', { object: 'whatsapp_business_account', entry: [] }],
    ['an entry without changes', { object: 'whatsapp_business_account', entry: [{ id: '1' }] }],
  ])('%s', (_, body) => {
    expect(parseWhatsApp(body)).toEqual({ items: [], ignored: 1 });
  });

  it('other webhook fields count once each; broken items count each', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            { field: 'message_template_status_update', value: { event: 'APPROVED' } },
            { field: 'messages', value: { messages: [{ id: 'wamid.A', from: '1', timestamp: 'yesterday', type: 'text' }, { id: 'wamid.B', from: '1', timestamp: '1700000000', type: 'text' }, 'x'] } },
            { field: 'messages', value: { statuses: [{ id: 'wamid.C', status: 'deleted', timestamp: '1700000000', recipient_id: '1' }, { id: 'wamid.D', status: 'read', timestamp: '1700000000' }] } },
          ],
        },
      ],
    };
    const parsed = parseWhatsApp(body);
    expect(parsed.items).toEqual([{ type: 'message', direction: 'in', platformId: 'wamid.B', contactId: '1', atMs: 1_700_000_000_000 }]);
    expect(parsed.ignored).toBe(1 + 2 + 2);
  });

  it('timestamps are Unix seconds', () => {
    expect(waTimestampMs('1697043223')).toBe(1_697_043_223_000);
    expect(waTimestampMs(1697043223)).toBe(1_697_043_223_000);
    expect([waTimestampMs('1.5'), waTimestampMs('-1'), waTimestampMs(''), waTimestampMs('123456789012'), waTimestampMs(null)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
