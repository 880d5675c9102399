import { PUBLIC_API_CORS_HEADERS } from './cors';

/**
 * The one error shape of every route outside tRPC: `{ error: { field, message }, errors? }`. `error` is the
 * first problem (what most clients show); `errors` is every one when there are several (the CLI lists them).
 * Problems inside a journey document also name the node or edge; `field` is then relative to it, and is
 * `node`/`edge` when the whole node or edge is at fault.
 */
export interface ApiError {
  field: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

/** A refusal thrown anywhere below a route; the route wrapper turns it into the error body. */
export class HttpError extends Error {
  readonly errors: ApiError[];

  constructor(
    readonly status: number,
    errors: ApiError | readonly ApiError[],
    readonly headers: Record<string, string> = {},
  ) {
    const list = Array.isArray(errors) ? [...(errors as readonly ApiError[])] : [errors as ApiError];
    super(list[0]?.message ?? `HTTP ${status}`);
    this.errors = list;
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...PUBLIC_API_CORS_HEADERS, ...headers },
  });
}

/** A permanent error: the client must change the request. Segment's clients drop these without retrying. */
export function errorResponse(
  status: number,
  error: ApiError | readonly ApiError[],
  headers: Record<string, string> = {},
): Response {
  const errors = Array.isArray(error) ? (error as readonly ApiError[]) : [error as ApiError];
  const first = errors[0] ?? { field: 'server', message: `HTTP ${status}` };
  return jsonResponse(status, errors.length > 1 ? { error: first, errors } : { error: first }, headers);
}

/** A transient error: Segment's clients retry 429 and 5xx after Retry-After seconds. */
export function retryLaterResponse(status: 429 | 503, message: string, retryAfterSeconds: number): Response {
  return errorResponse(status, { field: 'server', message }, { 'Retry-After': String(retryAfterSeconds) });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks an id taken from the URL path; Postgres text cannot hold NUL or unpaired surrogates. */
export function pathIdError(value: string, field: string): ApiError | null {
  if (value.length === 0 || value.length > 255) return { field, message: 'must be 1 to 255 characters' };
  if (value.includes('\u0000') || LONE_SURROGATE.test(value))
    return { field, message: 'must not contain NUL characters or unpaired surrogates' };
  return null;
}

/** Throws the 400 for a bad id taken from the URL path. */
export function requirePathId(value: string, field: string): string {
  const error = pathIdError(value, field);
  if (error) throw new HttpError(400, error);
  return value;
}
