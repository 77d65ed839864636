import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ParleyError } from '../common/errors.js';
import { type ChatwootConnection, chatwootConversationId, chatwootEvents, restConversation } from '../connectors/chatwoot.calculations.js';
import { ConnectionsRepository } from '../connectors/connections.repository.js';
import { EventsService } from '../events/events.service.js';
import type { ImportProgress, ImportSummary } from './import.service.js';

export interface ChatwootSource {
  /** The Chatwoot installation, e.g. https://app.chatwoot.com */
  url: string;
  /** An agent's or admin's access token (Profile settings → Access token). */
  token: string;
  account: string;
}

interface Checkpoint {
  connectionId: string;
  url: string;
  account: string;
  /** The next page of the conversation list to load. */
  page: number;
  conversations: number;
}

/** Not the answer we need from Chatwoot (refused token, wrong account, a server error that persisted). */
export class ChatwootApiError extends Error {}

const TRIES = 4;

/**
 * Past conversations of a Chatwoot account through its REST API (connectors.md, "History"):
 * the conversation list page by page (`status=all`), each conversation's messages (`before`
 * paging), mapped as the webhooks map them (chatwoot.calculations.ts) for the connection's
 * workspace, so history and live deliveries overlap as duplicates. A checkpoint file records
 * the next page after each page is committed: a re-run resumes there (ids make re-reading safe).
 */
@Injectable()
export class ChatwootImportService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly events: EventsService,
  ) {}

  async importAccount(
    workspaceId: number,
    connectionId: string,
    source: ChatwootSource,
    checkpointPath: string,
    onProgress: (p: ImportProgress) => void = () => {},
    pause = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  ): Promise<ImportSummary & { conversations: number }> {
    const record = await this.connections.findInWorkspace(workspaceId, connectionId);
    if (!record || record.kind !== 'chatwoot') throw new ParleyError('NOT_FOUND', 404, `--connection: this workspace has no chatwoot connection '${connectionId.slice(0, 64)}'`);
    const c: ChatwootConnection = { id: record.id, channel: record.channel, sender: { type: record.senderType, id: record.senderId } };
    const base = `${source.url.replace(/\/+$/, '')}/api/v1/accounts/${encodeURIComponent(source.account)}`;

    const saved = readCheckpoint(checkpointPath);
    const resume = saved && saved.connectionId === connectionId && saved.url === source.url && saved.account === source.account ? saved : null;
    let page = resume?.page ?? 1;
    const summary = { rows: 0, accepted: 0, duplicates: 0, rejected: 0, resumed: resume?.conversations ?? 0, rejectedFile: null, conversations: 0 };
    let total = 0;

    const get = async (path: string): Promise<unknown> => {
      for (let attempt = 1; ; attempt++) {
        let status = 0;
        try {
          const r = await fetch(`${base}${path}`, { headers: { api_access_token: source.token, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
          status = r.status;
          if (r.ok) return await r.json();
          if (status === 401 || status === 403) throw new ChatwootApiError(`Chatwoot refused the token (${status}) for account ${source.account}: use an access token of a user of that account`);
          if (status === 404) throw new ChatwootApiError(`Chatwoot answered 404 for ${base}${path.split('?')[0]}: check --url and --account`);
        } catch (err) {
          if (err instanceof ChatwootApiError) throw err;
          if (attempt >= TRIES) throw new ChatwootApiError(`Chatwoot did not answer ${base}${path.split('?')[0]} (${(err as Error).message}); run the same command again to resume`);
        }
        // 429 and 5xx: wait and retry (1 s, 2 s, 4 s), then give up with the checkpoint kept.
        if (status && attempt >= TRIES) throw new ChatwootApiError(`Chatwoot answered ${status} for ${base}${path.split('?')[0]} ${TRIES} times; run the same command again to resume`);
        await pause(1000 * 2 ** (attempt - 1));
      }
    };

    for (;;) {
      const answer = await get(`/conversations?status=all&assignee_type=all&page=${page}`);
      const data = isObject(answer) && isObject(answer.data) ? answer.data : {};
      const conversations = Array.isArray(data.payload) ? data.payload : [];
      if (isObject(data.meta) && typeof data.meta.all_count === 'number') total = data.meta.all_count;
      if (conversations.length === 0) break;
      const made: unknown[] = [];
      for (const conversation of conversations) {
        const display = isObject(conversation) ? conversation.id : undefined;
        if (typeof display !== 'number' && typeof display !== 'string') continue;
        const messages = await this.messages(get, String(display));
        const conv = restConversation(conversation, messages);
        if (!conv) continue;
        const remembered = await this.connections.chatwootLabels(workspaceId, record.id, chatwootConversationId(c, conv.conversation));
        made.push(...chatwootEvents(c, conv, remembered));
        summary.conversations++;
      }
      for (let i = 0; i < made.length; i += 5000) {
        const result = await this.events.ingest(workspaceId, made.slice(i, i + 5000));
        summary.accepted += result.accepted;
        summary.duplicates += result.duplicates;
        summary.rejected += result.rejected.length;
      }
      summary.rows += made.length;
      page++;
      writeCheckpoint(checkpointPath, { connectionId, url: source.url, account: source.account, page, conversations: summary.resumed + summary.conversations });
      onProgress({ rows: summary.rows, bytes: summary.resumed + summary.conversations, totalBytes: Math.max(total, summary.resumed + summary.conversations) });
    }
    rmSync(checkpointPath, { force: true });
    return summary;
  }

  /** All messages of a conversation: the latest page, then `before` the oldest seen until none is older. */
  private async messages(get: (path: string) => Promise<unknown>, display: string): Promise<unknown[]> {
    const all: unknown[] = [];
    let before: number | undefined;
    for (;;) {
      const answer = await get(`/conversations/${encodeURIComponent(display)}/messages${before === undefined ? '' : `?before=${before}`}`);
      const page = isObject(answer) && Array.isArray(answer.payload) ? answer.payload.filter(isObject) : [];
      const ids = page.map((m) => m.id).filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id));
      const older = before === undefined ? page : page.filter((m) => typeof m.id === 'number' && m.id < before!);
      all.push(...older);
      // A server that ignores `before` answers the same page again: stop when nothing is older.
      if (older.length === 0 || ids.length === 0) break;
      before = Math.min(...ids);
    }
    return all;
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readCheckpoint(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    return Number.isInteger(c.page) && c.page >= 1 ? c : null;
  } catch {
    return null;
  }
}

function writeCheckpoint(path: string, c: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(c));
}
