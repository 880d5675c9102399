import { PUBLIC_API_CORS_HEADERS } from './cors';

export interface ApiError {
  field: string;
  message: string;
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
  error: ApiError,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error }, headers);
}

/** A transient error: Segment's clients retry 429 and 5xx after Retry-After seconds. */
export function retryLaterResponse(status: 429 | 503, message: string, retryAfterSeconds: number): Response {
  return jsonResponse(
    status,
    { error: { field: 'server', message } },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks an id taken from the URL path; Postgres text cannot hold NUL or unpaired surrogates. */
export function pathIdError(value: string, field: string): ApiError | null {
  if (value.length === 0 || value.length > 255) return { field, message: 'must be 1 to 255 characters' };
  if (value.includes('\u0000') || LONE_SURROGATE.test(value))
    return { field, message: 'must not contain NUL characters or unpaired surrogates' };
  return null;
}
