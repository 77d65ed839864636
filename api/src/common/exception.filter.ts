import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { databaseFailure } from './database-errors.js';
import { ParleyError, RetryLater, reasonPhrase } from './errors.js';

const DATABASE_ANSWERS = {
  unavailable: { code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; retry shortly' },
  timeout: { code: 'TIMEOUT', message: 'the database did not answer in time; retry shortly (a retried ingest never stores an event twice)' },
} as const;

/**
 * The one place errors become HTTP answers: every error leaves as `{statusCode, error, message,
 * code?}`; unexpected ones are logged, not shown.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    // Already answered (a request past its deadline got its 503; a stream broke midway): the
    // late outcome has nowhere to go.
    if (res.headersSent) {
      this.logger.debug({ reqId: req.id, err: exception }, 'error after the answer was sent');
      return void (res.writableEnded || res.end());
    }
    let status = 500;
    let body: Record<string, unknown>;
    if (exception instanceof ParleyError) {
      status = exception.status;
      body = { statusCode: status, error: reasonPhrase(status), message: exception.detail, code: exception.code };
      if (exception instanceof RetryLater) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      body = typeof r === 'object' && r !== null ? { ...(r as object) } : { message: String(r) };
      body.statusCode = status;
      body.error ??= reasonPhrase(status);
      // Nest's own (an unknown route, an undecodable path parameter) come without a code.
      body.code ??= status === 404 ? 'NOT_FOUND' : status === 400 ? 'BAD_REQUEST' : status === 413 ? 'PAYLOAD_TOO_LARGE' : undefined;
      if (body.code === undefined) delete body.code;
    } else {
      const failure = databaseFailure(exception);
      status = failure ? 503 : 500;
      // The logger's error serializer keeps no query parameters nor quoted values (logger.ts).
      this.logger.error({ err: exception, reqId: req.id }, failure ? `database ${failure}` : 'unhandled error');
      body = {
        statusCode: status,
        error: reasonPhrase(status),
        ...(failure ? DATABASE_ANSWERS[failure] : { message: 'an unexpected error occurred; it has been logged', code: 'INTERNAL' }),
      };
      if (failure) res.setHeader('Retry-After', '5');
    }
    res.status(status).json(body);
  }
}
