import { HttpException, HttpStatus } from '@nestjs/common';

/** Error codes clients can rely on (the `code` field of an error answer). */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DATABASE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'WORKSPACE_BUSY'
  | 'SERVER_BUSY'
  | 'WORKSPACE_EXISTS'
  | 'WORKSPACE_NOT_FOUND'
  | 'KEY_NOT_FOUND'
  | 'USER_EXISTS'
  | 'RATE_LIMITED'
  | 'CSRF'
  | 'INTERNAL';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error with a stable code; the filter turns it into `{statusCode, error, message, code}`. */
export class ParleyException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    status: HttpStatus,
    message: string | string[],
  ) {
    super({ statusCode: status, error: REASONS[status] ?? 'Error', message, code }, status);
  }
}

/** A refusal the client should retry later: the filter sends `Retry-After`. */
export class RetryLater extends ParleyException {
  constructor(
    code: ErrorCode,
    status: HttpStatus,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, status, message);
  }
}

export const badRequest = (message: string | string[], code: ErrorCode = 'BAD_REQUEST') =>
  new ParleyException(code, HttpStatus.BAD_REQUEST, message);

export const reasonPhrase = (status: number) => REASONS[status] ?? 'Error';
