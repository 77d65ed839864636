import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Structured JSON logs. Requests are logged by method, path, status and time only: never headers
 * (API keys, cookies), query strings or bodies (event attributes are customers' data). Errors
 * through `safeError` only.
 */
export function createLogger(level: string, destination: 1 | 2 = 1, sync = false): Logger {
  return pino(
    { level, base: { service: 'parley-api' }, redact: ['req.headers.authorization', 'req.headers.cookie'], serializers: { err: safeError } },
    // `sync`: the CLI's audit lines, which must come out before what the command prints next.
    sync ? pino.destination({ dest: destination, sync: true }) : pino.destination(destination),
  );
}

/**
 * How logs name a person: the first 12 hex digits of the SHA-256 of the lower-cased email. An
 * operator who knows an email can find its lines; the logs alone do not reveal it.
 */
export function emailDigest(email: string): string {
  return createHash('sha256').update(email.toLowerCase(), 'utf8').digest('hex').slice(0, 12);
}

/** pg error fields that name schema objects or places in our code, never values. */
const PG_FIELDS = ['code', 'severity', 'routine', 'table', 'column', 'constraint', 'dataType', 'schema'] as const;

/**
 * An error as the logs may hold it. pino's own serializer copies every property: TypeORM's
 * QueryFailedError carries the statement's `parameters` (whole event batches, emails) and pg's
 * `detail`/`where` quote row values. Kept: the type, codes, schema names, the message with every
 * quoted part blanked ("invalid input syntax for type json: \"…\""), and the stack frames.
 */
export function safeError(e: unknown): Record<string, unknown> {
  if (!e || typeof e !== 'object') return { type: typeof e };
  const err = e as Record<string, unknown> & { driverError?: unknown; cause?: unknown };
  const out: Record<string, unknown> = { type: err.constructor?.name ?? 'Object' };
  const driver = err.driverError && typeof err.driverError === 'object' ? (err.driverError as Record<string, unknown>) : undefined;
  for (const k of PG_FIELDS) {
    const v = err[k] ?? driver?.[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  if (typeof err.message === 'string') out.message = blankQuoted(err.message);
  // The first line of a stack repeats the message: keep the frames only.
  if (typeof err.stack === 'string') out.stack = err.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
  if (err.cause && err.cause !== e) out.cause = safeError(err.cause);
  return out;
}

/** Blanks every "double", 'single' or `backtick` quoted part and every (parenthesised)=(value) pair. */
export function blankQuoted(message: string): string {
  return message
    .slice(0, 500)
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, (q) => `${q[0]}…${q[0]}`)
    .replace(/=\([^)]*\)/g, '=(…)');
}

/** Injection token of the app's pino logger (for audit lines). */
export const LOGGER = Symbol('LOGGER');

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      err: safeError,
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}

/** Nest's start-up chatter (modules, routes): kept at debug so a start prints what people need. */
const FRAMEWORK = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's own messages through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context && FRAMEWORK.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
