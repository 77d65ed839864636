import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ConnectionInfo,
  ConnectionSecretsSchemas,
  type CreatedConnection,
  CreateConnectionRequestSchema,
  textProblem,
  VERIFY_TOKEN_KINDS,
} from '@parley/shared';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import type { Caller } from '../auth/caller.js';
import { BadRequest, NotFound, ParleyError } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import type { ConnectionRecord } from './connection.entity.js';
import { ConnectionsRepository } from './connections.repository.js';
import { CONNECTORS, webhookPath } from './connectors.js';
import { resolveSecretKey } from './secret-key.js';
import { openSecrets, sealSecrets } from './secrets.calculations.js';

function parse<T extends z.ZodType>(schema: T, body: unknown, prefix = ''): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new BadRequest(r.error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== '').join('.') || 'body'}: ${i.message}`));
  return r.data;
}

/** Connection ids: 128 random bits, base64url (22 characters): the webhook URL cannot be guessed. */
/** 128 random bits, base64url; never starting with '-', which a command line reads as an option (`--connection -x…`). */
export function newConnectionId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (id[0] !== '-') return id;
  }
}
export const CONNECTION_ID = /^[A-Za-z0-9_-]{22}$/;

/** The key that seals connection secrets, resolved once, on first use (config or the data directory's file). */
@Injectable()
export class SecretKey {
  private key: Buffer | undefined;
  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get(): Buffer {
    this.key ??= resolveSecretKey(this.options.config.secretKey, this.options.config.dataDir, this.options.embedded, this.logger.child({}, { level: 'info' }));
    return this.key;
  }

  seal(id: string, secrets: Record<string, string>): Buffer {
    return sealSecrets(this.get(), secrets, id);
  }

  /** The connection's secrets; a key that does not open them (PARLEY_SECRET_KEY changed, the key file lost) is a configuration error. */
  open(record: ConnectionRecord): Record<string, string> {
    try {
      return openSecrets(this.get(), record.secrets, record.id);
    } catch {
      this.logger.error({ connectionId: record.id }, "connection secrets cannot be decrypted with this server's key (PARLEY_SECRET_KEY changed, or the key file was lost?)");
      throw new ParleyError('INTERNAL', 500, "this connection's secrets cannot be decrypted with the server's key; restore the key, or re-create the connection");
    }
  }
}

/** Connections of a workspace, for its admins (connectors.md, "Connections"). */
@Injectable()
export class ConnectionsService {
  private readonly audit: Logger;

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly secrets: SecretKey,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.audit = logger.child({}, { level: 'info' });
  }

  info(r: ConnectionRecord, origin: string): ConnectionInfo {
    return {
      id: r.id,
      kind: r.kind as ConnectionInfo['kind'],
      name: r.name,
      channel: r.channel,
      defaultSender: { type: r.senderType, id: r.senderId },
      sessionGapHours: r.sessionGapHours,
      ...(CONNECTORS[r.kind as ConnectionInfo['kind']]?.note && { note: CONNECTORS[r.kind as ConnectionInfo['kind']].note }),
      webhookUrl: `${this.options.config.publicUrl ?? origin}${webhookPath(r.kind, r.id)}`,
      createdAt: new Date(r.createdAt).toISOString(),
      counters: {
        deliveries: r.deliveries,
        events: r.eventsMade,
        duplicates: r.duplicates,
        ignored: r.ignored,
        rejected: r.rejected,
        lastDeliveryAt: r.lastDeliveryAt ? new Date(r.lastDeliveryAt).toISOString() : null,
        lastRejection: r.lastRejection,
      },
    };
  }

  async create(caller: Caller, body: unknown, origin: string): Promise<CreatedConnection> {
    const req = parse(CreateConnectionRequestSchema, body);
    const secrets: Record<string, string> = { ...parse(ConnectionSecretsSchemas[req.kind], req.secrets, 'secrets') };
    // The verify token is typed into Meta's console once: generated unless given.
    if (VERIFY_TOKEN_KINDS.includes(req.kind)) secrets.verifyToken ??= randomBytes(18).toString('base64url');
    // Telegram's secret_token is passed to setWebhook once: generated unless given (base64url is within its alphabet).
    if (req.kind === 'telegram') secrets.secretToken ??= randomBytes(24).toString('base64url');
    const id = newConnectionId();
    const record = await this.connections.insert({
      workspaceId: caller.workspaceId,
      id,
      kind: req.kind,
      name: req.name,
      channel: req.channel ?? null,
      senderType: req.defaultSender?.type ?? 'agent',
      senderId: req.defaultSender?.id ?? req.name,
      sessionGapHours: req.sessionGapHours,
      secrets: this.secrets.seal(id, secrets),
    });
    this.audit.info({ audit: 'connection.create', workspaceId: caller.workspaceId, byUserId: caller.user?.userId, connectionId: id, kind: req.kind }, 'audit connection.create');
    return {
      ...this.info(record, origin),
      ...(VERIFY_TOKEN_KINDS.includes(req.kind) && { verifyToken: secrets.verifyToken }),
      ...(req.kind === 'telegram' && { secretToken: secrets.secretToken }),
    };
  }

  async list(caller: Caller, origin: string): Promise<ConnectionInfo[]> {
    return (await this.connections.list(caller.workspaceId)).map((r) => this.info(r, origin));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const problem = textProblem(id);
    if (problem) throw new BadRequest(`id: ${problem}`);
    if (!CONNECTION_ID.test(id) || !(await this.connections.delete(caller.workspaceId, id))) throw new NotFound('NOT_FOUND', `id: this workspace has no connection '${id.slice(0, 64)}'`);
    this.audit.info({ audit: 'connection.delete', workspaceId: caller.workspaceId, byUserId: caller.user?.userId, connectionId: id }, 'audit connection.delete');
  }
}
