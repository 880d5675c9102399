import type { ApiError } from './responses';

export type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413 | 415; error: ApiError };

const JSON_CONTENT_TYPES = /^(application\/json|text\/plain|application\/[a-z0-9.+-]*\+json)\b/i;

/**
 * Reads a request body as text without ever holding more than `limit` bytes: a Content-Length over the
 * limit is refused before reading, a chunked or gzip body is cut off as soon as it passes the limit.
 * Browsers send JSON as text/plain (navigator.sendBeacon, no-preflight fetch), so that is accepted too.
 */
export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const contentType = request.headers.get('content-type');
  if (contentType && !JSON_CONTENT_TYPES.test(contentType.trim())) {
    return { ok: false, status: 415, error: { field: 'content-type', message: `must be application/json or text/plain, not ${contentType.slice(0, 100)}` } };
  }
  const tooLarge: BodyResult = { ok: false, status: 400, error: { field: 'body', message: `is larger than ${Math.round(limit / 1024)} KB` } };
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  const encoding = request.headers.get('content-encoding')?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' && Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, text: '' };
  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === 'gzip' || encoding === 'deflate') {
    stream = stream.pipeThrough(new DecompressionStream(encoding) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  } else if (encoding !== 'identity') {
    return { ok: false, status: 415, error: { field: 'content-encoding', message: 'must be gzip, deflate or absent' } };
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return tooLarge;
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, error: { field: 'body', message: 'could not be read (truncated or badly compressed)' } };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}
