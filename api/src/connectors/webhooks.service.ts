import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { textProblem } from '@parley/shared';
import { BadRequest, Forbidden, NotFound, ParleyError, Unauthenticated } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { EventsService } from '../events/events.service.js';
import type { ConnectionRecord } from './connection.entity.js';
import { ConnectionsRepository } from './connections.repository.js';
import { CONNECTION_ID, SecretKey } from './connections.service.js';
import { CONNECTORS, isKind } from './connectors.js';
import { type ChatwootConversation, type ChatwootParsed, chatwootConversationId, chatwootEvents } from './chatwoot.calculations.js';
import type { Parsed } from './connector.js';
import { sameSecret } from './secrets.calculations.js';
import { type SessionConnection, connectionPrefix, sessionEvents, statusMessages, windows } from './sessions.calculations.js';
import { coverWatermarks, isWatermark } from './watermarks.calculations.js';

/** What a delivery made (the answer to the platform, and the counters). */
export interface DeliveryResult {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
}

const notFound = () => new NotFound('NOT_FOUND', 'connectionId: no such connection (deleted, or the URL is wrong)');

/**
 * Platform webhooks in (connectors.md): the signature over the raw bytes first, then the kind's
 * mapping, then the normal ingest path for the connection's workspace.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly secrets: SecretKey,
    private readonly events: EventsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The connection a webhook URL names; 404 when there is none of that kind (a kind mismatch included). */
  async connection(kind: string, id: string): Promise<ConnectionRecord> {
    // As every path parameter: text PostgreSQL could not store is a 400 naming it.
    for (const [name, value] of [['kind', kind], ['connectionId', id]]) {
      const problem = textProblem(value);
      if (problem) throw new BadRequest(`${name}: ${problem}`);
    }
    if (!isKind(kind) || !CONNECTION_ID.test(id)) throw notFound();
    const record = await this.connections.findForWebhook(id);
    if (!record || record.kind !== kind) throw notFound();
    return record;
  }

  /** The WhatsApp (Meta) verify handshake: the challenge back when the verify token is the connection's. */
  async handshake(kind: string, id: string, query: Record<string, unknown>): Promise<string> {
    const record = await this.connection(kind, id);
    const { verifyToken } = this.secrets.open(record);
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || !sameSecret(token, verifyToken))
      throw new Forbidden('hub.verify_token: does not match the connection\'s verify token (or hub.mode is not "subscribe")');
    if (typeof challenge !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(challenge))
      throw new ParleyError('BAD_REQUEST', 400, 'hub.challenge: must be 1–256 printable characters');
    return challenge;
  }

  /**
   * One delivery: refused with 401 (nothing stored, nothing counted: anyone can send a request)
   * unless its signature is right; otherwise acknowledged, its events committed before the answer.
   */
  async deliver(record: ConnectionRecord, raw: Buffer, headers: IncomingHttpHeaders, deadline: number, url: string): Promise<DeliveryResult> {
    const connector = CONNECTORS[record.kind as keyof typeof CONNECTORS];
    const nowMs = Date.now();
    if (!connector.verify(raw, headers, this.secrets.open(record), nowMs, url)) {
      this.logger.warn({ connectionId: record.id, kind: record.kind }, 'connector delivery refused: missing or wrong signature');
      throw new Unauthenticated(`${connector.signatureHeader}: missing or wrong signature`);
    }
    let parsed: Parsed;
    let body: unknown;
    try {
      body = connector.decode ? connector.decode(raw) : isUtf8(raw) ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    // A signed body that is not JSON (or not the platform's form) is the platform's business, not an error of ours: ignored.
    parsed = body === undefined ? { items: [], ignored: 1 } : connector.parse(body, nowMs, headers);

    const conn: SessionConnection = {
      id: record.id,
      prefix: connector.idPrefix,
      channel: record.channel ?? connector.channel,
      channelOverride: record.channel !== null,
      sender: { type: record.senderType, id: record.senderId },
      sessionGapMs: record.sessionGapHours * 3_600_000,
    };
    let result = { accepted: 0, duplicates: 0, rejected: [] as { errors: string[] }[] };
    const own = (parsed as ChatwootParsed).chatwoot;
    // Watermarks (meta) cover the stored outbound messages at or before them: read those first.
    const marks = parsed.items.filter(isWatermark);
    if (marks.length) parsed = { ...parsed, items: coverWatermarks(parsed.items, await this.connections.watermarkCovered(record.workspaceId, record.id, connectionPrefix(conn), marks)) };
    if (own) {
      // Chatwoot has conversation ids of its own: no sessions; labels are remembered for the events to come.
      const made = await this.chatwootEvents(record, own);
      result = made.length ? await this.events.ingest(record.workspaceId, made, deadline) : result;
    } else if (parsed.items.length) {
      const wanted = statusMessages(conn, parsed.items);
      const [messages, sentByEvent] = await Promise.all([
        this.connections.contactMessages(record.workspaceId, connectionPrefix(conn), windows(parsed.items, conn.sessionGapMs)),
        this.connections.conversationsOf(record.workspaceId, wanted.map((w) => w.eventId)),
      ]);
      const sent = new Map(wanted.filter((w) => sentByEvent.has(w.eventId)).map((w) => [w.platformId, sentByEvent.get(w.eventId)!]));
      const made = sessionEvents(conn, parsed.items, { messages, sent });
      result = await this.events.ingest(record.workspaceId, made, deadline);
    }
    const lastRejection = result.rejected.length ? result.rejected[result.rejected.length - 1].errors.join('; ').slice(0, 1000) : null;
    await this.connections.count(record.workspaceId, record.id, { events: result.accepted, duplicates: result.duplicates, ignored: parsed.ignored, rejected: result.rejected.length, lastRejection });
    return { accepted: result.accepted, duplicates: result.duplicates, ignored: parsed.ignored, rejected: result.rejected.length };
  }

  /** A Chatwoot conversation's events, with the labels remembered for it; a label report is remembered first. */
  private async chatwootEvents(record: ConnectionRecord, conv: ChatwootConversation) {
    const c = { id: record.id, channel: record.channel, sender: { type: record.senderType, id: record.senderId } };
    const conversationId = chatwootConversationId(c, conv.conversation);
    if (conv.labelUpdate) await this.connections.rememberChatwootLabels(record.workspaceId, record.id, conversationId, conv.labelUpdate.labels, conv.labelUpdate.atMs);
    if (!conv.records.length) return [];
    return chatwootEvents(c, conv, await this.connections.chatwootLabels(record.workspaceId, record.id, conversationId));
  }
}
