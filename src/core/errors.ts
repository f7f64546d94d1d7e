/**
 * One error type for the whole code base. `code` is stable (users and scripts
 * match on it), `status` is the HTTP status a plane renders it with, and
 * `expose` says whether `message` may be shown to a remote caller.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'BODY_TOO_LARGE'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'MODEL_NOT_FOUND'
  | 'RESPONSE_NOT_FOUND'
  | 'CONFLICT'
  | 'AUTH_REQUIRED'
  | 'INVALID_API_KEY'
  | 'INVALID_TOKEN'
  | 'INVALID_PASSWORD'
  | 'INSUFFICIENT_SCOPE'
  | 'MODEL_NOT_ALLOWED'
  | 'LOCAL_ONLY'
  | 'HOST_NOT_ALLOWED'
  | 'CSRF_FAILED'
  | 'RATE_LIMITED'
  | 'BUDGET_EXCEEDED'
  | 'LOCKED_OUT'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'NO_TARGET_AVAILABLE'
  | 'CREDENTIAL_STORE_UNAVAILABLE'
  | 'CREDENTIAL_UNREADABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  BODY_TOO_LARGE: 413,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  /** A stored Responses response: unknown, expired, deleted or another key's (one answer for all, so ids cannot be probed). */
  RESPONSE_NOT_FOUND: 404,
  CONFLICT: 409,
  AUTH_REQUIRED: 401,
  INVALID_API_KEY: 401,
  INVALID_TOKEN: 401,
  INVALID_PASSWORD: 401,
  INSUFFICIENT_SCOPE: 403,
  MODEL_NOT_ALLOWED: 403,
  LOCAL_ONLY: 403,
  HOST_NOT_ALLOWED: 403,
  CSRF_FAILED: 403,
  RATE_LIMITED: 429,
  BUDGET_EXCEEDED: 429,
  LOCKED_OUT: 429,
  UPSTREAM_ERROR: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_UNAVAILABLE: 502,
  NO_TARGET_AVAILABLE: 503,
  CREDENTIAL_STORE_UNAVAILABLE: 503,
  /** One provider's sealed credential does not open with this instance's secret: that provider alone is unusable. */
  CREDENTIAL_UNREADABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

export interface SwitchyardErrorOptions {
  status?: number;
  /** May the message be shown to a remote caller? Defaults to true for 4xx. */
  expose?: boolean;
  /** Seconds a client should wait, rendered as `Retry-After`. */
  retryAfterSec?: number;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly retryAfterSec: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: SwitchyardErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.status = opts.status ?? DEFAULT_STATUS[code];
    this.expose = opts.expose ?? this.status < 500;
    this.retryAfterSec = opts.retryAfterSec;
    this.details = opts.details;
  }

  /** The message a remote caller may see. */
  get publicMessage(): string {
    return this.expose ? this.message : 'Internal error';
  }
}

/**
 * A SwitchyardError without a stack trace, for errors that describe what a
 * provider answered rather than a fault in our code. Capturing the stack was
 * about half the CPU of handling a failed upstream attempt (~24 µs), which
 * every fallback pays.
 */
export function stacklessError(code: ErrorCode, message: string, opts?: SwitchyardErrorOptions): SwitchyardError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new SwitchyardError(code, message, opts);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isSwitchyardError(err: unknown): err is SwitchyardError {
  return err instanceof SwitchyardError;
}

/** Narrows anything thrown into a SwitchyardError without leaking internals. */
export function toSwitchyardError(err: unknown): SwitchyardError {
  if (err instanceof SwitchyardError) return err;
  return new SwitchyardError('INTERNAL', err instanceof Error ? err.message : String(err), {
    expose: false,
    cause: err,
  });
}
