/**
 * The conversation script the test and bench data share: one seeded PRNG makes conversations one
 * after another, so conversation i depends only on the seed. Contacts come back (40 % once there
 * are more than 20), six channels, agents and bots, campaigns, outreach, reopens, CSAT,
 * conversions in EUR and USD, tags and attributes. Times are relative to the conversation's start;
 * where it starts and its client offset are the caller's (see scenario.ts and stream.ts).
 */
import { CHANNEL_MIX, type GeneratedEvent, isoWithOffset } from './event.js';
import { Random, rng } from './random.js';

export type EventFields = Omit<GeneratedEvent, 'id' | 'occurredAt' | 'conversationId' | 'contactId' | 'channel'>;

/** One event of a conversation, before its start and offset are known. */
export interface DraftEvent {
  /** ms after the conversation's start. */
  rel: number;
  /** Sub-millisecond digits some clients send, or null. */
  micros: number | null;
  fields: EventFields;
}

export interface ConversationDraft<P> {
  conv: number;
  channel: string;
  contactId: string;
  conversationId: string;
  events: DraftEvent[];
  /** What `place` drew for this conversation. */
  placement: P;
}

export class Conversations<P = undefined> {
  private readonly random: Random;
  private readonly contacts: { id: string; n: number; channel: string }[] = [];
  private conv = 0;

  /**
   * `place` draws a conversation's start and client offset from the same PRNG, right after its
   * contact (the test data does; the bench has a separate timing PRNG and passes nothing).
   */
  constructor(
    seed: number,
    private readonly agents: readonly string[],
    private readonly place: (r: Random) => P = () => undefined as P,
  ) {
    this.random = new Random(rng(seed));
  }

  next(): ConversationDraft<P> {
    const r = this.random;
    const random = r.next;
    const agents = this.agents;
    // Log-normal-ish delay in ms, median ≈ medianS seconds.
    const delay = (medianS: number) => Math.max(0, Math.round(medianS * 1000 * Math.exp((random() - 0.5) * 3)));
    const conv = ++this.conv;
    const contacts = this.contacts;
    const returning = contacts.length > 20 && r.chance(0.4);
    const contact = returning ? r.pick(contacts) : { id: `contact-${contacts.length + 1}`, n: contacts.length + 1, channel: channelOf(random) };
    if (!returning) contacts.push(contact);
    const channel = r.chance(0.9) ? contact.channel : channelOf(random);
    const conversationId = `${channel}-conv-${conv}`;
    const contactId = channel === 'sms' || channel === 'whatsapp' ? `+49155${String(contact.n).padStart(7, '0')}` : contact.id;
    const placement = this.place(r);
    const events: DraftEvent[] = [];
    let t = 0;
    const push = (fields: EventFields, at: number) => {
      const micros = r.chance(0.05) ? Math.floor(random() * 1000) : null;
      events.push({ rel: at, micros, fields });
    };

    if (r.chance(0.5)) push({ type: 'conversation.opened' }, t);
    const campaign = r.chance(0.1) ? `campaign-${1 + Math.floor(random() * 5)}` : null;
    if (campaign) {
      push({ type: 'message.sent', sender: { type: 'bot', id: 'broadcaster' }, campaignId: campaign }, t);
      t += delay(1800);
    }
    if (r.chance(0.04)) {
      // An agent writes first (outreach): not a response to anything.
      push({ type: 'message.sent', sender: { type: 'agent', id: r.pick(agents) } }, t);
      t += delay(600);
    }
    const botFirst = r.chance(0.35);
    const botOnly = botFirst && r.chance(0.3);
    const unanswered = r.chance(0.1);
    const turns = 1 + Math.floor(random() * 4);
    const agent = r.pick(agents);
    for (let turn = 0; turn < turns; turn++) {
      const inbound = 1 + Math.floor(random() * 3);
      for (let i = 0; i < inbound; i++) {
        push({ type: 'message.received', sender: { type: 'customer' }, ...(r.chance(0.3) && { messageId: `wamid.${conv}.${events.length}` }) }, t);
        t += delay(20);
      }
      if (unanswered) break;
      // Now and then a reply at the very same instant as the customer's last message.
      const sameInstant = turn === 0 && r.chance(0.05);
      if (!sameInstant) t += botFirst && turn === 0 ? delay(2) : delay(channel === 'email' ? 3600 : 240);
      const responder: GeneratedEvent['sender'] = botOnly || (botFirst && turn === 0) ? { type: 'bot', id: r.pick(BOTS) } : { type: 'agent', id: agent };
      if (responder.type === 'agent' && turn <= 1 && r.chance(0.5)) push({ type: 'conversation.assigned', agentId: agent, ...(r.chance(0.5) && { team: 'support' }) }, t - 1);
      push({ type: 'message.sent', sender: responder }, t);
      t += delay(300);
    }
    if (!unanswered && r.chance(0.75)) {
      push({ type: 'conversation.resolved' }, t);
      t += delay(600);
      if (r.chance(0.12)) {
        push({ type: 'conversation.reopened' }, t);
        t += delay(900);
        if (r.chance(0.7)) {
          push({ type: 'conversation.resolved' }, t);
          t += delay(100);
        }
      }
      if (r.chance(0.35)) {
        push({ type: 'csat.submitted', rating: 1 + Math.floor(random() * 5) }, t);
        if (r.chance(0.1)) push({ type: 'csat.submitted', rating: 1 + Math.floor(random() * 5) }, t + delay(60));
      }
    }
    if (r.chance(0.1)) {
      const currency = r.chance(0.6) ? 'EUR' : 'USD';
      push({ type: 'conversion', value: Math.round(random() * 50000) / 100, currency, ...(r.chance(0.2) && { tags: ['order'] }) }, t + delay(3600));
    }
    if (r.chance(0.05)) {
      const last = events[events.length - 1];
      last.fields = { ...last.fields, attributes: { locale: r.pick(['de-DE', 'en-US', 'fr-FR']), vip: r.chance(0.5) } };
    }
    return { conv, channel, contactId, conversationId, events, placement };
  }
}

const BOTS = ['faq-bot', 'router-bot'];

/** A channel by CHANNEL_MIX (one draw). */
function channelOf(random: () => number): string {
  let x = random();
  for (const [c, w] of CHANNEL_MIX) if ((x -= w) < 0) return c;
  return CHANNEL_MIX[0][0];
}

/** The draft's i-th event as sent, at `start + rel` with the client's offset. Ids count every event of the conversation. */
export function eventAt(d: ConversationDraft<unknown>, i: number, startMs: number, offset: readonly [string, number, ...unknown[]]): GeneratedEvent {
  const e = d.events[i];
  return {
    id: `${d.conversationId}-e${i + 1}`,
    occurredAt: isoWithOffset(startMs + e.rel, offset[0], offset[1], e.micros),
    conversationId: d.conversationId,
    contactId: d.contactId,
    channel: d.channel,
    ...e.fields,
  };
}
