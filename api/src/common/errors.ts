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
  | 'LAST_ADMIN'
  | 'RATE_LIMITED'
  | 'CSRF'
  | 'VIEW_NOT_FOUND'
  | 'BUSINESS_HOURS_NOT_FOUND'
  | 'CONVERSATION_NOT_FOUND'
  | 'VIEW_EXISTS'
  | 'VIEW_LIMIT'
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

export const reasonPhrase = (status: number) => REASONS[status] ?? 'Error';

/**
 * A refusal with a stable code, thrown by services, middleware and the CLI's jobs alike. Not an
 * HTTP exception: the exception filter turns it into `{statusCode, error, message, code}` with
 * `status`; the CLI prints its message.
 */
export class ParleyError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    /** What the client is told; several problems (one per field) as a list. */
    readonly detail: string | string[],
  ) {
    super(Array.isArray(detail) ? detail.join('; ') : detail);
  }
}

export class BadRequest extends ParleyError {
  constructor(detail: string | string[], code: 'BAD_REQUEST' | 'INVALID_JSON' = 'BAD_REQUEST') {
    super(code, 400, detail);
  }
}

export class Unauthenticated extends ParleyError {
  constructor(detail: string) {
    super('UNAUTHENTICATED', 401, detail);
  }
}

export class Forbidden extends ParleyError {
  constructor(detail: string, code: 'FORBIDDEN' | 'CSRF' = 'FORBIDDEN') {
    super(code, 403, detail);
  }
}

export class NotFound extends ParleyError {
  constructor(code: 'WORKSPACE_NOT_FOUND' | 'KEY_NOT_FOUND' | 'NOT_FOUND' | 'VIEW_NOT_FOUND' | 'BUSINESS_HOURS_NOT_FOUND' | 'CONVERSATION_NOT_FOUND', detail: string) {
    super(code, 404, detail);
  }
}

export class Conflict extends ParleyError {
  constructor(code: 'WORKSPACE_EXISTS' | 'USER_EXISTS' | 'LAST_ADMIN' | 'VIEW_EXISTS' | 'VIEW_LIMIT', detail: string) {
    super(code, 409, detail);
  }
}

/** A refusal the client should retry later (429 or 503): the filter sends `Retry-After`. */
export class RetryLater extends ParleyError {
  constructor(
    code: 'RATE_LIMITED' | 'WORKSPACE_BUSY' | 'SERVER_BUSY',
    status: 429 | 503,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, status, detail);
  }
}
