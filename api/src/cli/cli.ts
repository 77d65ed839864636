import 'reflect-metadata';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { PinoNestLogger, createLogger, emailDigest } from '../common/logger.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../database/connect.js';
import { DerivedStateService } from '../derived/derived-state.service.js';
import { KeysService, parseScopes } from '../keys/keys.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { type ImportProgress, ImportService, type ImportSummary } from '../import/import.service.js';
import { progressLine } from '../import/progress.calculations.js';
import { ChatwootImportService, type ChatwootSource } from '../import/chatwoot-import.service.js';
import { type TwitterConversation, twitterConversationToEvents } from '../import/twitter.calculations.js';
import { DemoService } from '../demo/demo.service.js';
import { AccountsService } from '../auth/accounts.service.js';
import { AuthService } from '../auth/auth.service.js';
import { randomPassword } from '../auth/password.js';
import type { Role } from '@parley/shared';
import { VERSION } from '../version.js';
import { MissingPath, UsageError, parseCommand, required } from './args.js';
import { ConnectionsRepository } from '../connectors/connections.repository.js';
import { webhookPath } from '../connectors/connectors.js';
import { existingSecretKey } from '../connectors/secret-key.js';
import { openSecrets } from '../connectors/secrets.calculations.js';
import { SIGNERS, type ReplayAnswer, answerLine, baseUrl, localServerUrl, readAnswer, replayOrder, summaryLine } from '../connectors/replay.calculations.js';
import { StatisticsService } from '../statistics/statistics.service.js';

export { USAGE, UsageError, MissingPath } from './args.js';

/** A file the command reads: missing is exit 1 ("no such file"), not a usage error. */
function existingFile(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new MissingPath(path);
  return path;
}

export async function run(argv: string[], out: (line: string) => void): Promise<void> {
  const parsed = parseCommand(argv);
  if (parsed.kind === 'version') return void out(VERSION);
  if (parsed.kind === 'usage') {
    // No arguments at all did nothing: the usage goes to stderr with exit 2, so a script that forgot them notices.
    if (parsed.exitCode) throw new UsageError(parsed.text);
    return void out(parsed.text);
  }
  const { command, positionals, values } = parsed;
  const need = (name: string) => required(values, name, command);
  // Check the arguments before touching the database, so mistakes fail fast.
  const name = positionals[0];
  if (command === 'workspace create' && (!name || positionals.length > 1)) throw new UsageError('workspace create takes one <name> (quote it if it has spaces)');
  if (command === 'keys revoke' && positionals.length !== 1) throw new UsageError('keys revoke takes one <key or prefix>');
  const takesFile = command === 'import' || command === 'import twitter-care';
  const replay = command === 'connectors replay';
  if (replay) {
    if (positionals.length !== 1) throw new UsageError('connectors replay takes one <dir>');
    need('connection');
    if (values.url !== undefined && !baseUrl(values.url)) throw new UsageError(`--url must be the server's http(s) address, e.g. http://127.0.0.1:3000, got '${values.url}'`);
    if (!existsSync(name) || !statSync(name).isDirectory()) throw new MissingPath(name);
  }
  if (takesFile && positionals.length !== 1) throw new UsageError(`${command} takes one <file>`);
  if (!['workspace create', 'keys revoke'].includes(command) && !takesFile && !replay && positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' for \`${command}\` (see parley ${command} --help)`);
  if (command.startsWith('keys') || takesFile || command === 'demo seed' || command === 'users create' || command === 'import chatwoot') need('workspace');
  let chatwoot: ChatwootSource | undefined;
  if (command === 'import chatwoot') {
    need('connection');
    const url = need('url');
    if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url)) throw new UsageError(`--url must be the Chatwoot address (http:// or https://), got '${url.slice(0, 100)}'`);
    const account = need('account');
    if (!/^\d{1,18}$/.test(account)) throw new UsageError(`--account must be the Chatwoot account's number, got '${account.slice(0, 40)}'`);
    // A token on the command line shows in the process list: CHATWOOT_API_TOKEN keeps it out.
    const token = values.token ?? process.env.CHATWOOT_API_TOKEN;
    if (!token) throw new UsageError('--token (or CHATWOOT_API_TOKEN) is required: a Chatwoot access token (Profile settings → Access token)');
    chatwoot = { url, account, token };
  }
  let password = values.password;
  if (command === 'users reset-password') need('email');
  if (command === 'users create') {
    need('email');
    if (values.role !== 'admin' && values.role !== 'member') throw new UsageError(`--role must be admin or member, got '${values.role ?? ''}'`);
    if (password === undefined) {
      if (!process.stdin.isTTY) throw new UsageError('--password is required when not run on a terminal');
      password = await askHidden('Password (at least 10 characters): ');
    }
  }
  if (takesFile) existingFile(name);
  const days = values.days === undefined ? 90 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 731) throw new UsageError(`--days must be a whole number from 1 to 731, got '${values.days}'`);
  const jobs = values.jobs === undefined ? 2 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new UsageError(`--jobs must be a whole number from 1 to 16, got '${values.jobs}'`);
  let format: 'ndjson' | 'csv' = 'ndjson';
  if (command === 'import') {
    const given = values.format ?? (/\.csv$/i.test(name) ? 'csv' : 'ndjson');
    if (given !== 'ndjson' && given !== 'csv') throw new UsageError(`--format must be ndjson or csv, got '${given}'`);
    format = given;
  }
  const scopes = command === 'keys create' ? parseScopes(need('scopes')) : [];

  if (replay) return replayFolder(name, values.connection!, values.url, out);

  // Each rebuild job holds a transaction and reads on a second connection.
  await withApp(command === 'facts rebuild' ? 2 * jobs : 2, async (app, embedded) => {
    const workspaces = app.get(WorkspacesService);
    const keys = app.get(KeysService);
    switch (command) {
      case 'workspace create': {
        const ws = await workspaces.create(name, values.tz ?? 'UTC');
        out(`created workspace '${ws.name}' (time zone ${ws.timeZone})`);
        break;
      }
      case 'workspace list':
        for (const ws of await workspaces.list()) out(`${ws.name}\t${ws.timeZone}\tcreated ${ws.createdAt.toISOString()}`);
        break;
      case 'keys create': {
        const ws = await workspaces.get(values.workspace!);
        const { key, record } = await keys.create(ws.id, scopes, values.name ?? '');
        audit('key.create', { workspaceId: ws.id, prefix: record.prefix, scopes: record.scopes });
        out(`created key ${record.prefix}… with scopes ${record.scopes.join(',')} for workspace '${ws.name}'; it is shown only now:`);
        out(key);
        break;
      }
      case 'keys list': {
        const ws = await workspaces.get(values.workspace!);
        for (const k of await keys.list(ws.id))
          out(`${k.prefix}…\t${k.scopes.join(',')}\t${k.name || '-'}\tcreated ${k.createdAt.toISOString()}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}${k.revokedAt ? `\trevoked ${k.revokedAt.toISOString()}` : ''}`);
        break;
      }
      case 'keys revoke': {
        const ws = await workspaces.get(values.workspace!);
        await keys.revoke(ws.id, name);
        audit('key.revoke', { workspaceId: ws.id, prefix: name.slice(0, 13) });
        out(`revoked ${name.slice(0, 13)}… in workspace '${ws.name}'`);
        break;
      }
      case 'import': {
        const ws = await workspaces.get(values.workspace!);
        const progress = new ProgressReporter();
        const summary = await app.get(ImportService).importFile(ws.id, name, format, (p) => progress.update(p));
        progress.done();
        printSummary(summary, out);
        break;
      }
      case 'import chatwoot': {
        const ws = await workspaces.get(values.workspace!);
        const checkpoint = values.checkpoint ?? join(loadConfig('cli').dataDir, 'imports', `chatwoot-${values.connection!.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)}.json`);
        const progress = new ProgressReporter();
        const summary = await app.get(ChatwootImportService).importAccount(ws.id, values.connection!, chatwoot!, checkpoint, (p) => progress.update(p));
        progress.done();
        if (summary.resumed) out(`resumed after ${summary.resumed} conversations already imported by an earlier run`);
        out(`imported ${summary.conversations} conversations: ${summary.rows} events, ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected`);
        break;
      }
      case 'import twitter-care': {
        const ws = await workspaces.get(values.workspace!);
        const data: unknown = JSON.parse(readFileSync(name, 'utf8'));
        if (!Array.isArray(data) || !data.every((c) => c && typeof c === 'object' && 'dialogContent' in c && 'dialogHeader' in c))
          throw new UsageError(`${name} is not the Twitter customer-care format (an array of conversations with dialogHeader and dialogContent)`);
        const events = (data as TwitterConversation[]).flatMap((c, i) => twitterConversationToEvents(c, i));
        const progress = new ProgressReporter();
        const summary = await app.get(ImportService).importEvents(ws.id, events, (p) => progress.update(p));
        progress.done();
        printSummary(summary, out);
        break;
      }
      case 'users create': {
        const ws = await workspaces.get(values.workspace!);
        await app.get(AuthService).createUser(ws.id, values.email!, password!, values.role as Role);
        audit('user.create', { workspaceId: ws.id, user: emailDigest(values.email!), role: values.role });
        out(`created ${values.role} ${values.email} in workspace '${ws.name}'`);
        break;
      }
      case 'users list': {
        const only = values.workspace ? await workspaces.get(values.workspace) : undefined;
        for (const u of await app.get(AccountsService).listUsers(only?.id)) out(`${u.email}\t${u.role}\t${u.workspace}\tcreated ${u.createdAt.toISOString()}`);
        break;
      }
      case 'users reset-password': {
        // A generated password is printed (the owner of a lost demo password gets back in); a given one is not echoed.
        const generated = password === undefined ? randomPassword() : undefined;
        const { workspaceId, sessionsEnded } = await app.get(AccountsService).resetPassword(values.email!, password ?? generated!);
        audit('user.password-reset', { workspaceId, user: emailDigest(values.email!), sessionsEnded });
        out(`set a new password for ${values.email}; ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended`);
        if (generated) out(generated);
        break;
      }
      case 'demo seed': {
        const ws = await workspaces.get(values.workspace!);
        const progress = new ProgressReporter();
        const summary = await app.get(DemoService).seed(ws.id, days, (p) => progress.update(p));
        progress.done();
        printSummary(summary, out);
        break;
      }
      case 'facts rebuild': {
        const targets = values.workspace ? [await workspaces.get(values.workspace)] : await workspaces.list();
        const derived = app.get(DerivedStateService);
        // Events are analyzed once, before any job starts (not once per workspace).
        if (targets.length > 0) await derived.analyzeEvents();
        // Workspaces rebuild in parallel, each in its own transaction under its own lock: a
        // rebuild is one stream of reads, derivation and writes, so one job leaves cores idle.
        // PGlite runs one statement at a time: one job there.
        let next = 0;
        const job = async () => {
          while (next < targets.length) {
            const ws = targets[next++];
            const t0 = Date.now();
            const { conversations } = await derived.rebuild(ws.id);
            out(`rebuilt facts of '${ws.name}': ${conversations} conversations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          }
        };
        await Promise.all(Array.from({ length: embedded ? 1 : Math.min(jobs, targets.length) }, job));
        // Reports plan on the tables' statistics: fresh ones for the rows just written.
        if (targets.length > 0 && !embedded) {
          const t0 = Date.now();
          await app.get(StatisticsService).analyzeDerived();
          out(`analyzed the derived tables in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
        break;
      }
    }
  });
}

/**
 * `connectors replay`: the connection and its secrets are read from the database (the CLI runs
 * beside it, with the server's key), then each payload file is posted to the webhook URL on the
 * running server, signed, one after another (platforms deliver one at a time, and the order of a
 * recorded conversation matters). Any refused delivery makes the command fail (exit 1).
 */
async function replayFolder(dir: string, connectionId: string, url: string | undefined, out: (line: string) => void): Promise<void> {
  const config = loadConfig('cli');
  const { send, skipped } = replayOrder(readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name));
  if (send.length === 0) throw new UsageError(`${dir} has no payload files (README, LICENSE, *.md and *.txt are not sent)`);
  let connection: { kind: string; id: string; secrets: Record<string, string> } | undefined;
  await withApp(2, async (app) => {
    const record = await app.get(ConnectionsRepository).findForWebhook(connectionId);
    if (!record) throw new Error(`no connection '${connectionId.slice(0, 64)}' (the id is the last part of its webhook URL)`);
    const key = existingSecretKey(config.secretKey, config.dataDir);
    let secrets: Record<string, string>;
    try {
      secrets = openSecrets(key, record.secrets, record.id);
    } catch {
      throw new Error("the connection's secrets cannot be decrypted with this key: run with the server's PARLEY_SECRET_KEY (or its PARLEY_DATA_DIR)");
    }
    connection = { kind: record.kind, id: record.id, secrets };
  });
  const { kind, id, secrets } = connection!;
  const signer = SIGNERS[kind as keyof typeof SIGNERS];
  if (!signer) throw new Error(`replay cannot sign ${kind} deliveries yet`);
  const base = url ? baseUrl(url)! : localServerUrl(config.host, config.port);
  const target = base + webhookPath(kind, id);
  out(`replaying ${send.length} file${send.length === 1 ? '' : 's'} of ${dir} to the ${kind} connection ${id} at ${base}${skipped.length ? ` (not sent: ${skipped.join(', ')})` : ''}`);
  const answers: ReplayAnswer[] = [];
  for (const file of send) {
    const body = readFileSync(join(dir, file));
    let answer: ReplayAnswer;
    try {
      const r = await fetch(target, { method: 'POST', headers: signer({ body, url: target, secrets, nowMs: Date.now() }), body, signal: AbortSignal.timeout(60_000) });
      answer = readAnswer(file, r.status, await r.text());
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Error(`${file}: the server at ${base} cannot be reached (${cause ?? (e as Error).message}); start it, or pass --url`);
    }
    answers.push(answer);
    out(answerLine(answer));
  }
  out(summaryLine(answers, base));
  const refused = answers.filter((a) => !('counts' in a)).length;
  if (refused) throw new Error(`${refused} of ${answers.length} deliveries were refused`);
}

/** Audit lines for changes made from the command line: who (the OS user) and what, never secrets. */
function audit(action: string, details: Record<string, unknown>): void {
  const by = `cli:${loadConfig('cli').osUser}`;
  // Written synchronously: on a terminal it comes before what the command prints next (the key last).
  createLogger('info', 2, true).info({ audit: action, by, ...details }, `audit ${action}`);
}

async function withApp(readPool: number, fn: (app: INestApplicationContext, embedded: boolean) => Promise<void>): Promise<void> {
  const config = loadConfig('cli');
  const logger = createLogger(config.logLevel, 2);
  const db = await connectDatabase(config);
  // A rebuild or import is one long job: its statements may run as long as PARLEY_CLI_STATEMENT_TIMEOUT_MS.
  const limits = { ...config.limits, statementTimeoutMs: config.cliStatementTimeoutMs, readPool, ingestPool: 1 };
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config: { ...config, limits }, databaseUrl: db.url, embedded: db.embedded, version: VERSION, logger }),
      { logger: new PinoNestLogger(logger) },
    );
    await fn(app, db.embedded);
  } finally {
    await app?.close();
    await db.stop();
  }
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((done) => {
    process.stdout.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return done(text);
        }
        if (ch === '\u0003') process.exit(130);
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds otherwise. */
class ProgressReporter {
  private readonly started = Date.now();
  private lastPlain = 0;
  private readonly tty = process.stderr.isTTY === true;
  update(p: ImportProgress): void {
    const line = progressLine({ ...p, elapsedMs: Date.now() - this.started }, this.tty);
    if (this.tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (Date.now() - this.lastPlain >= 2000) {
      this.lastPlain = Date.now();
      process.stderr.write(`import: ${line}\n`);
    }
  }
  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

function printSummary(s: ImportSummary, out: (line: string) => void): void {
  if (s.resumed) out(`resumed after ${s.resumed} rows already imported by an earlier run`);
  out(`imported ${s.rows} rows: ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected`);
  if (s.rejectedFile) out(`reasons for the first rejected rows: ${s.rejectedFile}`);
}

/** A ParleyError's message is what a client would be told (several problems joined by '; '). */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Run when executed directly (not when imported by tests).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  run(process.argv.slice(2), (line) => process.stdout.write(line + '\n')).then(
    () => process.exit(0),
    (err) => {
      // One line naming the problem; the whole usage only when no command was given.
      const message = messageOf(err);
      process.stderr.write(message.startsWith('Usage:') ? `${message}\n` : `parley: ${message}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
