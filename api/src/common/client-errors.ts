import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { type ErrorCode, reasonPhrase } from './errors.js';

/** What Node's HTTP parser reports, as the status Node itself would answer and our code. */
export function clientErrorAnswer(code: string | undefined): { status: number; code: ErrorCode; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'headers: the request line and headers are too large; send fewer or shorter headers (cookies included)' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'body: chunk extensions are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: 'request: not received in time; send it again' };
    default:
      return { status: 400, code: 'BAD_REQUEST', message: 'request: the request line or headers are not valid HTTP/1.1' };
  }
}

/**
 * JSON errors for what never reaches Nest: requests Node's HTTP parser refuses (400, 431, …),
 * which it would answer as bare status lines, and /api paths no route or the docs serve, which
 * Express would answer as an HTML page. Call once the app listens (its routes are all mounted).
 */
export function answerJsonOutsideNest(server: Server, http: Express): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: nothing to answer on a dead socket, or while a response is being
    // written on it (a bad pipelined request after a good one); just close.
    const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || busy) return void socket.destroy();
    const { status, code, message } = clientErrorAnswer(err.code);
    const body = JSON.stringify({ statusCode: status, error: reasonPhrase(status), message, code });
    socket.end(
      `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  http.use('/api', (req, res) => {
    const path = req.originalUrl.split('?')[0];
    res.status(404).json({ statusCode: 404, error: reasonPhrase(404), message: `path: no API route ${req.method} ${path}; see /api/docs`, code: 'NOT_FOUND' });
  });
}
