import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { reasonPhrase } from './errors.js';

/** Every error leaves as `{statusCode, error, message, code?}`; unexpected ones are logged, not shown. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    let status = 500;
    let body: Record<string, unknown>;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      body = typeof r === 'object' && r !== null ? { ...(r as object) } : { message: String(r) };
      body.statusCode = status;
      body.error ??= reasonPhrase(status);
    } else {
      const dbDown = isConnectionError(exception);
      status = dbDown ? 503 : 500;
      this.logger.error({ err: exception, reqId: req.id }, dbDown ? 'database unavailable' : 'unhandled error');
      body = {
        statusCode: status,
        error: reasonPhrase(status),
        message: dbDown ? 'the database is unavailable; retry shortly' : 'an unexpected error occurred; it has been logged',
        code: dbDown ? 'DATABASE_UNAVAILABLE' : 'INTERNAL',
      };
    }
    if (res.headersSent) return void res.end();
    res.status(status).json(body);
  }
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  const msg = (e as Error)?.message ?? '';
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || /Connection terminated|timeout exceeded when trying to connect/.test(msg);
}
