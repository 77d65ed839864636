import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_BODY_BYTES } from '@parley/shared';
import { BadRequest, ParleyError } from '../common/errors.js';

// body-parser turns an empty body into {}; note it so an empty POST is a clear 400, not an event.
const EMPTY = Symbol('empty body');
type Marked = Record<symbol, boolean>;
// body-parser would decode bytes that are not UTF-8 to U+FFFD: two different bad ids would then
// be the same id (a false duplicate). Such a body is refused whole instead.
const NOT_UTF8 = 'parley.utf8.invalid';

/**
 * A JSON body: JSON only (415 otherwise), at most `limit` bytes, refused with 413 before parsing
 * (from Content-Length when sent, else while streaming). Parse errors and bytes that are not
 * UTF-8 become a clear 400.
 */
export function jsonBody(limit: number) {
  const parseJson = express.json({
    limit,
    strict: false,
    type: () => true,
    verify: (req, _res, buf, encoding) => {
      // JSON is UTF-8 (RFC 8259); body-parser would also decode UTF-16, which isUtf8 cannot check.
      if (encoding !== 'utf-8' && encoding !== 'utf8')
        throw Object.assign(new Error(`unsupported charset "${encoding.toUpperCase()}"`), { type: 'charset.unsupported' });
      if (buf.length === 0) (req as unknown as Marked)[EMPTY] = true;
      else if (!isUtf8(buf)) throw Object.assign(new Error('not UTF-8'), { type: NOT_UTF8 });
    },
  });
  const tooLarge = () =>
    new ParleyError('PAYLOAD_TOO_LARGE', 413, `body: must be at most ${limit} bytes${limit === MAX_BODY_BYTES ? ' (10 MiB); send smaller batches' : ''}`);

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' && req.method !== 'PATCH' && req.method !== 'PUT') return next();
    if (!req.is(['application/json', 'application/*+json']))
      return next(
        new ParleyError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type: must be application/json, got '${req.headers['content-type'] ?? 'none'}'`),
      );
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      // A body up to 4× the limit is read and thrown away after the answer (Node drains an unread
      // request), so a client still writing it reads the 413 instead of failing with EPIPE
      // (fetch does). Beyond that, close after answering: the client stops sending.
      if (declared > 4 * limit) res.setHeader('Connection', 'close');
      return next(tooLarge());
    }
    parseJson(req, res, (err?: unknown) => {
      if (!err && ((req as unknown as Marked)[EMPTY] || req.body === undefined))
        return next(new BadRequest('body: is empty; send a JSON object or array', 'INVALID_JSON'));
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        res.setHeader('Connection', 'close');
        return next(tooLarge());
      }
      if (type === NOT_UTF8)
        return next(new BadRequest('body: is not valid UTF-8 (bytes that are no character); send UTF-8 JSON', 'INVALID_JSON'));
      if (type === 'entity.parse.failed')
        return next(new BadRequest(`body: is not valid JSON (${(err as Error).message})`, 'INVALID_JSON'));
      if (type === 'charset.unsupported' || type === 'encoding.unsupported')
        return next(new ParleyError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type: ${(err as Error).message}; send UTF-8 JSON`));
      if (type === 'request.aborted') return next(new BadRequest('body: the request was aborted'));
      next(err);
    });
  };
}

/** The ingest body: at most 10 MiB. */
export const ingestBody = jsonBody(MAX_BODY_BYTES);

/**
 * A body as raw bytes (platform webhooks: the signature is over exactly these), any content type,
 * at most `limit` bytes (413 as for JSON bodies); `req.body` is a Buffer, empty when none was sent.
 */
export function rawBody(limit: number) {
  const read = express.raw({ limit, type: () => true });
  const tooLarge = () => new ParleyError('PAYLOAD_TOO_LARGE', 413, `body: must be at most ${limit} bytes`);
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      if (declared > 4 * limit) res.setHeader('Connection', 'close');
      return next(tooLarge());
    }
    read(req, res, (err?: unknown) => {
      if (!err) {
        if (!Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
        return next();
      }
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        res.setHeader('Connection', 'close');
        return next(tooLarge());
      }
      if (type === 'request.aborted') return next(new BadRequest('body: the request was aborted'));
      if (type === 'encoding.unsupported') return next(new ParleyError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Encoding: ${(err as Error).message}`));
      next(err);
    });
  };
}
