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
export function errorResponse(status: number, error: ApiError): Response {
  return jsonResponse(status, { error });
}

/** A transient error: Segment's clients retry 429 and 5xx after Retry-After seconds. */
export function retryLaterResponse(status: 429 | 503, message: string, retryAfterSeconds: number): Response {
  return jsonResponse(status, { error: { field: 'server', message } }, { 'Retry-After': String(retryAfterSeconds) });
}
