import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChatwootConnection,
  type ChatwootEvent,
  chatwoot,
  chatwootChannel,
  chatwootEvents,
  chatwootSignature,
  parseChatwoot,
  restConversation,
  tagsOf,
  verifyChatwoot,
} from './chatwoot.calculations.js';

/** The reconstructed Chatwoot webhook bodies (fixtures/webhooks/chatwoot, MIT): every file. */
const DIR = join(__dirname, '../../../fixtures/webhooks/chatwoot');
const raw = (file: string) => readFileSync(join(DIR, file));
const body = (file: string) => JSON.parse(raw(file).toString('utf8')) as Record<string, unknown>;

const C: ChatwootConnection = { id: 'Cn0123456789abcdefghij', channel: null, sender: { type: 'agent', id: 'Support' } };
const P = 'cw:Cn0123456789abcdefghij:';
const base = (conversation = '128') => ({ conversationId: `${P}c:${conversation}`, contactId: 'Cn0123456789abcdefghij:42', channel: 'whatsapp' });
const PRIYA = { type: 'agent', id: 'Priya Raman' } as const;

/** The events of a body as the webhook makes them (nothing remembered unless given). */
function eventsOf(b: unknown, remembered?: string[], headers: Record<string, string> = {}): { events: ChatwootEvent[]; ignored: number } {
  const parsed = chatwoot.parse(b, Date.now(), headers) as ReturnType<typeof parseChatwoot>;
  return { events: parsed.chatwoot ? chatwootEvents(C, parsed.chatwoot, remembered) : [], ignored: parsed.ignored };
}

describe('the signature (X-Chatwoot-Signature over "<timestamp>.<body>")', () => {
  const vector = JSON.parse(raw('signature_vector.json').toString('utf8'));
  const headers = { 'x-chatwoot-timestamp': vector.headers['X-Chatwoot-Timestamp'], 'x-chatwoot-signature': vector.headers['X-Chatwoot-Signature'] };
  const now = 1772460312 * 1000;

  it('accepts the computed vector within 5 minutes either side, and computes the same header', () => {
    expect(verifyChatwoot(raw(vector.file), headers, vector.secret, now)).toBe(true);
    expect(verifyChatwoot(raw(vector.file), headers, vector.secret, now + 300_000)).toBe(true);
    expect(verifyChatwoot(raw(vector.file), headers, vector.secret, now - 300_000)).toBe(true);
    expect(chatwootSignature(raw(vector.file), vector.secret, 1772460312)).toEqual(headers);
  });

  it('refuses a stale or future timestamp, the body-only signature, another secret, another body, missing or odd headers', () => {
    const f = raw(vector.file);
    expect(verifyChatwoot(f, headers, vector.secret, now + 300_001)).toBe(false);
    expect(verifyChatwoot(f, headers, vector.secret, now - 300_001)).toBe(false);
    expect(verifyChatwoot(f, { ...headers, 'x-chatwoot-signature': vector.wrong_body_only_signature }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, headers, 'another-secret', now)).toBe(false);
    expect(verifyChatwoot(Buffer.concat([f, Buffer.from(' ')]), headers, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, { ...headers, 'x-chatwoot-timestamp': '1772460313' }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, { 'x-chatwoot-signature': headers['x-chatwoot-signature'] }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, { 'x-chatwoot-timestamp': headers['x-chatwoot-timestamp'] }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, { ...headers, 'x-chatwoot-signature': headers['x-chatwoot-signature'].slice(7) }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, { ...headers, 'x-chatwoot-timestamp': '1772460312.0' }, vector.secret, now)).toBe(false);
    expect(verifyChatwoot(f, headers, '', now)).toBe(false);
    expect(verifyChatwoot(f, headers, undefined, now)).toBe(false);
  });
});

describe('every recorded body', () => {
  it('message_created incoming → message.received from the customer, in its Chatwoot conversation', () => {
    expect(eventsOf(body('message_created_incoming.json'))).toEqual({
      ignored: 0,
      events: [{ id: `${P}in:9001`, type: 'message.received', occurredAt: '2026-03-02T14:05:11.482Z', ...base(), sender: { type: 'customer' }, messageId: 'Cn0123456789abcdefghij:9001' }],
    });
  });

  it('message_created outgoing by an agent → message.sent by that agent (its name)', () => {
    expect(eventsOf(body('message_created_outgoing_agent.json'))).toEqual({
      ignored: 0,
      events: [{ id: `${P}out:9002`, type: 'message.sent', occurredAt: '2026-03-02T14:09:40.117Z', ...base(), sender: PRIYA, messageId: 'Cn0123456789abcdefghij:9002' }],
    });
  });

  it('a MARKETING WhatsApp template → a campaign message named by the template', () => {
    expect(eventsOf(body('message_created_outgoing_template.json'))).toEqual({
      ignored: 0,
      events: [
        { id: `${P}out:9107`, type: 'message.sent', occurredAt: '2026-03-05T09:00:02.310Z', ...base('131'), sender: PRIYA, messageId: 'Cn0123456789abcdefghij:9107', campaignId: 'spring_sale_2026' },
      ],
    });
  });

  it('a private note is ignored', () => {
    expect(eventsOf(body('message_created_private_note.json'))).toEqual({ ignored: 1, events: [] });
  });

  it('message_updated with a CSAT answer → csat.submitted when it was answered (the message updated_at), with the labels', () => {
    expect(eventsOf(body('message_updated_csat.json'))).toEqual({
      ignored: 0,
      events: [{ id: `${P}csat:9004:5`, type: 'csat.submitted', occurredAt: '2026-03-02T14:22:11.600Z', ...base(), rating: 5, tags: ['billing', 'vip'] }],
    });
  });

  it('conversation_created without an assignee makes nothing', () => {
    expect(eventsOf(body('conversation_created.json'))).toEqual({ ignored: 1, events: [] });
  });

  it('conversation_status_changed to resolved → conversation.resolved at updated_at, its id from it', () => {
    expect(eventsOf(body('conversation_status_changed_resolved.json'))).toEqual({
      ignored: 0,
      events: [{ id: `${P}resolved:128:1772460671200000`, type: 'conversation.resolved', occurredAt: '2026-03-02T14:11:11.200Z', ...base(), tags: ['billing', 'vip'] }],
    });
  });

  it('conversation_updated with a new assignee → conversation.assigned (no team)', () => {
    expect(eventsOf(body('conversation_updated_assignee.json'))).toEqual({
      ignored: 0,
      events: [{ id: `${P}assigned:128:1772460429904552`, type: 'conversation.assigned', occurredAt: '2026-03-02T14:07:09.905Z', ...base(), agentId: 'Priya Raman' }],
    });
  });

  it('conversation_updated with labels makes no event: the label set is reported to be remembered', () => {
    const parsed = parseChatwoot(body('conversation_updated_labels.json'));
    expect(parsed).toMatchObject({ ignored: 0, items: [] });
    expect(parsed.chatwoot).toEqual({
      conversation: '128',
      contact: '42',
      channel: 'whatsapp',
      labels: ['billing', 'vip'],
      labelUpdate: { labels: ['billing', 'vip'], atMs: 1772460616771 },
      records: [],
    });
    expect(chatwootEvents(C, parsed.chatwoot!)).toEqual([]);
  });
});

describe('the rules on variations of the recorded bodies', () => {
  const resolved = body('conversation_status_changed_resolved.json');
  const statusChange = (from: string, to: string) => ({ ...resolved, status: to, changed_attributes: [{ status: { previous_value: from, current_value: to } }] });

  it('open after resolved → reopened; open after pending or snoozed, and pending or snoozed themselves → nothing', () => {
    expect(eventsOf(statusChange('resolved', 'open')).events.map((e) => [e.type, e.id])).toEqual([['conversation.reopened', `${P}reopened:128:1772460671200000`]]);
    for (const [from, to] of [['pending', 'open'], ['snoozed', 'open'], ['open', 'pending'], ['open', 'snoozed']]) expect(eventsOf(statusChange(from, to))).toEqual({ ignored: 1, events: [] });
    // The older form ({status: [old, new]}) says the same.
    expect(eventsOf({ ...resolved, status: 'open', changed_attributes: { status: ['resolved', 'open'] } }).events).toHaveLength(1);
  });

  it('without updated_at the change is named by X-Chatwoot-Delivery, else by the body (a redelivery is the same id)', () => {
    const { updated_at, ...old } = resolved;
    expect(updated_at).toBe(1772460671.2);
    const byDelivery = eventsOf(old, undefined, { 'x-chatwoot-delivery': '0b7e8f3a-2c41-4d9e-a6b5-91f0c3d2e4a7' }).events[0];
    expect(byDelivery).toMatchObject({ id: `${P}resolved:128:0b7e8f3a-2c41-4d9e-a6b5-91f0c3d2e4a7`, occurredAt: '2026-03-02T14:11:11.000Z' }); // `timestamp`
    const a = eventsOf(old).events[0].id;
    expect(a).toMatch(new RegExp(`^${P}resolved:128:[A-Za-z0-9_-]{22}$`));
    expect(eventsOf(JSON.parse(JSON.stringify(old))).events[0].id).toBe(a);
    expect(eventsOf({ ...old, timestamp: 1772460999 }).events[0].id).not.toBe(a);
  });

  it('assignment: with the current team; a team change alone with the current assignee; none without an assignee; unassignment nothing', () => {
    const a = body('conversation_updated_assignee.json');
    const meta = a.meta as Record<string, unknown>;
    const team = { id: 2, name: 'Billing' };
    expect(eventsOf({ ...a, meta: { ...meta, team } }).events[0]).toMatchObject({ type: 'conversation.assigned', agentId: 'Priya Raman', team: 'Billing' });
    const teamOnly = { ...a, meta: { ...meta, team }, changed_attributes: [{ team_id: { previous_value: null, current_value: 2 } }] };
    expect(eventsOf(teamOnly).events.map((e) => [e.type, e.agentId, e.team])).toEqual([['conversation.assigned', 'Priya Raman', 'Billing']]);
    expect(eventsOf({ ...teamOnly, meta: { ...meta, team, assignee: null } })).toEqual({ ignored: 1, events: [] });
    expect(eventsOf({ ...a, meta: { ...meta, assignee: null }, changed_attributes: [{ assignee_id: { previous_value: 7, current_value: null } }] })).toEqual({ ignored: 1, events: [] });
    // Created already assigned (the API can): assigned.
    expect(eventsOf({ ...body('conversation_created.json'), meta: { ...meta } }).events.map((e) => e.type)).toEqual(['conversation.assigned']);
  });

  it('senders: a bot by its name, no sender → the connection default; campaigns; status updates; channels and the override', () => {
    const out = body('message_created_outgoing_agent.json');
    expect(eventsOf({ ...out, sender: { id: 3, name: 'Triage bot', type: 'agent_bot' } }).events[0].sender).toEqual({ type: 'bot', id: 'Triage bot' });
    expect(eventsOf({ ...out, sender: null }).events[0].sender).toEqual({ type: 'agent', id: 'Support' });
    expect(eventsOf({ ...out, sender: { id: 9, name: '', type: 'user' } }).events[0].sender).toEqual({ type: 'agent', id: 'chatwoot-user-9' });
    expect(eventsOf({ ...out, additional_attributes: { campaign_id: 12 } }).events[0].campaignId).toBe('chatwoot-campaign-12');
    const utility = { ...body('message_created_outgoing_template.json'), additional_attributes: { template_params: { name: 'order_update', category: 'UTILITY' } } };
    expect(eventsOf(utility).events[0].campaignId).toBeUndefined();
    // A status update of an outgoing message: its message.sent again (a duplicate) and the status event, when the webhook was sent.
    const delivered = eventsOf({ ...out, event: 'message_updated', status: 'read' }, undefined, { 'x-chatwoot-timestamp': '1772460700' }).events;
    expect(delivered.map((e) => [e.type, e.id, e.occurredAt])).toEqual([
      ['message.sent', `${P}out:9002`, '2026-03-02T14:09:40.117Z'],
      ['message.read', `${P}read:9002`, '2026-03-02T14:09:40.117Z'], // the message is the conversation's last: its updated_at
    ]);
    const conv = out.conversation as Record<string, unknown>;
    const twilio = { ...out, conversation: { ...conv, channel: 'Channel::TwilioSms', contact_inbox: { contact_id: 42, source_id: 'whatsapp:+5511987654321' } } };
    expect(eventsOf(twilio).events[0].channel).toBe('whatsapp');
    expect(chatwootChannel({ channel: 'Channel::TwilioSms', contact_inbox: { source_id: '+5511987654321' } })).toBe('sms');
    expect(chatwootChannel({ meta: { channel: 'Channel::WebWidget' } })).toBe('webchat');
    expect(chatwootChannel({ channel: 'Channel::Email' })).toBe('email');
    expect(chatwootChannel({ channel: 'Channel::FacebookPage' })).toBe('messenger');
    expect(chatwootChannel({ channel: 'Channel::Api' })).toBe('api');
    expect(chatwootChannel({ channel: 'Channel::Unknown' })).toBe('chatwoot');
    const parsed = parseChatwoot(out);
    expect(chatwootEvents({ ...C, channel: 'support' }, parsed.chatwoot!)[0].channel).toBe('support');
  });

  it('labels: union of the payload and the remembered set, sorted, at most 20; labels no tag can hold are left out', () => {
    expect(eventsOf(body('message_created_incoming.json'), ['vip', 'billing']).events[0].tags).toEqual(['billing', 'vip']);
    expect(tagsOf(['b', 'a'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(tagsOf(Array.from({ length: 25 }, (_, i) => `l${String(i).padStart(2, '0')}`), [])).toHaveLength(20);
    const inc = body('message_created_incoming.json');
    const labelled = { ...inc, conversation: { ...(inc.conversation as object), labels: ['ok', 'x'.repeat(65), '', 'bad\u0000', 7] } };
    expect(eventsOf(labelled).events[0].tags).toEqual(['ok']);
  });

  it('what it does not map is ignored: other events, no conversation, odd values', () => {
    for (const b of [null, 7, 'x', [], {}, { event: 'contact_created' }, { event: 'webwidget_triggered' }, { event: 'message_created' }, { event: 'conversation_updated', id: 'x' }])
      expect(eventsOf(b)).toEqual({ ignored: 1, events: [] });
    const inc = body('message_created_incoming.json');
    expect(eventsOf({ ...inc, message_type: 'activity' }).ignored).toBe(1);
    expect(eventsOf({ ...inc, created_at: 'yesterday' }).ignored).toBe(1);
    expect(eventsOf({ ...inc, id: -1 }).ignored).toBe(1);
  });
});

describe('the REST API (history import): the same mapping, and what only the current state tells', () => {
  const priya = { id: 7, name: 'Priya Raman', available_name: 'Priya Raman', type: 'user' };
  const conv = {
    id: 128, status: 'resolved', labels: ['vip', 'billing'], created_at: 1772460311, last_activity_at: 1772460671, timestamp: 1772460671,
    meta: { sender: { id: 42, name: 'Maria Souza' }, channel: 'Channel::WebWidget', assignee: priya, team: { id: 2, name: 'Billing' } },
  };
  const msg = (id: number, message_type: number, created_at: number, extra: Record<string, unknown> = {}) => ({ id, message_type, created_at, private: false, content_type: 'text', ...extra });

  it('messages as the webhooks make them (same ids), one assignment at the start, one resolution at the last activity, labels on all', () => {
    const parsed = restConversation(conv, [
      msg(9001, 0, 1772460311),
      msg(9002, 1, 1772460580, { sender: priya, sender_type: 'User', status: 'delivered', updated_at: '2026-03-02T14:09:45.000Z' }),
      msg(9003, 1, 1772460600, { private: true, sender: priya }),
      msg(9010, 2, 1772460671),
      msg(9004, 3, 1772460672, { content_type: 'input_csat', updated_at: '2026-03-02T14:22:11.600Z', content_attributes: { submitted_values: { csat_survey_response: { rating: 4 } } } }),
    ])!;
    const common = { conversationId: `${P}c:128`, contactId: 'Cn0123456789abcdefghij:42', channel: 'webchat', tags: ['billing', 'vip'] };
    expect(chatwootEvents(C, parsed)).toEqual([
      { id: `${P}in:9001`, type: 'message.received', occurredAt: '2026-03-02T14:05:11.000Z', ...common, sender: { type: 'customer' }, messageId: 'Cn0123456789abcdefghij:9001' },
      { id: `${P}out:9002`, type: 'message.sent', occurredAt: '2026-03-02T14:09:40.000Z', ...common, sender: PRIYA, messageId: 'Cn0123456789abcdefghij:9002' },
      { id: `${P}delivered:9002`, type: 'message.delivered', occurredAt: '2026-03-02T14:09:45.000Z', ...common, messageId: 'Cn0123456789abcdefghij:9002' },
      { id: `${P}csat:9004:4`, type: 'csat.submitted', occurredAt: '2026-03-02T14:22:11.600Z', ...common, rating: 4 },
      { id: `${P}assigned:128:history:Priya Raman|Billing`, type: 'conversation.assigned', occurredAt: '2026-03-02T14:05:11.000Z', ...common, agentId: 'Priya Raman', team: 'Billing' },
      { id: `${P}resolved:128:history:1772460671000`, type: 'conversation.resolved', occurredAt: '2026-03-02T14:11:11.000Z', ...common },
    ]);
  });

  it('open and unassigned: only its messages; no contact or id: nothing', () => {
    const open = { ...conv, status: 'open', labels: [], meta: { ...conv.meta, assignee: null, team: null } };
    expect(chatwootEvents(C, restConversation(open, [msg(9001, 0, 1772460311)])!).map((e) => e.type)).toEqual(['message.received']);
    expect(restConversation({ ...conv, meta: {} }, [])).toBeUndefined();
    expect(restConversation({ ...conv, id: null }, [])).toBeUndefined();
    expect(restConversation('x', [])).toBeUndefined();
  });
});
