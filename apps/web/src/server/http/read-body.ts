import type { z } from 'zod';
import { HttpError, type ApiError } from './responses';

export type BodyFailure = { ok: false; status: 400 | 413 | 415; error: ApiError };
export type BodyResult = { ok: true; text: string } | BodyFailure;

const JSON_CONTENT_TYPES = /^(application\/json|text\/plain|application\/[a-z0-9.+-]*\+json)\b/i;

/**
 * Reads a request body as text without ever holding more than `limit` bytes: a Content-Length over the
 * limit is refused before reading, a chunked or gzip body is cut off as soon as it passes the limit.
 * Browsers send JSON as text/plain (navigator.sendBeacon, no-preflight fetch), so that is accepted too.
 */
export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const contentType = request.headers.get('content-type');
  if (contentType && !JSON_CONTENT_TYPES.test(contentType.trim())) {
    return {
      ok: false,
      status: 415,
      error: {
        field: 'content-type',
        message: `must be application/json or text/plain, not ${contentType.slice(0, 100)}`,
      },
    };
  }
  const tooLarge: BodyFailure = {
    ok: false,
    status: 400,
    error: { field: 'body', message: `is larger than ${Math.round(limit / 1024)} KB` },
  };
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  const encoding = request.headers.get('content-encoding')?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' && Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, text: '' };
  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === 'gzip' || encoding === 'deflate') {
    stream = stream.pipeThrough(
      new DecompressionStream(encoding) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  } else if (encoding !== 'identity') {
    return {
      ok: false,
      status: 415,
      error: { field: 'content-encoding', message: 'must be gzip, deflate or absent' },
    };
  }
  const read = await readLimited(stream, limit, tooLarge);
  return read.ok ? { ok: true, text: new TextDecoder('utf-8').decode(read.bytes) } : read;
}

/**
 * A request body as text (not JSON), never holding more than `limit` bytes; over the limit is 413. For the
 * provider webhooks: SMS form posts, raw bounce messages (`latin1` keeps every byte of a MIME message).
 */
export async function readRawBody(
  request: Request,
  limit: number,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<BodyResult> {
  const tooLarge: BodyFailure = {
    ok: false,
    status: 413,
    error: { field: 'body', message: `is larger than ${Math.round(limit / 1024)} KB` },
  };
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, text: '' };
  const read = await readLimited(request.body, limit, tooLarge);
  return read.ok ? { ok: true, text: Buffer.from(read.bytes).toString(encoding) } : read;
}

/** Reads a stream to its end, cancelling it as soon as it passes `limit` bytes. */
async function readLimited(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: BodyFailure,
): Promise<{ ok: true; bytes: Uint8Array } | BodyFailure> {
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
    return {
      ok: false,
      status: 400,
      error: { field: 'body', message: 'could not be read (truncated or badly compressed)' },
    };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: false, message: 'is empty: send a JSON object' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      message: `is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unparsable'})`,
    };
  }
}

/** Every issue of a failed zod check, by dotted path (`body` when the whole value is wrong). */
export function zodErrors(error: z.ZodError): ApiError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
}

/**
 * The one way a route reads a JSON body: bounded by `limit`, parsed, and (with a schema) checked. Throws an
 * HttpError naming the field at fault, which the route wrapper answers with.
 */
export async function readJson(request: Request, options: { limit: number }): Promise<unknown>;
export async function readJson<S extends z.ZodType>(
  request: Request,
  options: { limit: number; schema: S },
): Promise<z.infer<S>>;
export async function readJson(
  request: Request,
  options: { limit: number; schema?: z.ZodType },
): Promise<unknown> {
  const body = await readJsonBody(request, options.limit);
  if (!body.ok) throw new HttpError(body.status, body.error);
  const json = parseJson(body.text);
  if (!json.ok) throw new HttpError(400, { field: 'body', message: json.message });
  if (!options.schema) return json.value;
  const parsed = options.schema.safeParse(json.value);
  if (!parsed.success) throw new HttpError(400, zodErrors(parsed.error));
  return parsed.data;
}

/** A JSON object body (not an array or a scalar), bounded by `limit`. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  const value = await readJson(request, { limit });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, { field: 'body', message: 'must be a JSON object' });
  return value as Record<string, unknown>;
}

/** Query parameters checked against a schema, naming the parameter at fault. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new HttpError(400, zodErrors(parsed.error));
  return parsed.data;
}

/** An HTML form post (application/x-www-form-urlencoded), bounded by `limit`. */
export async function readForm(request: Request, limit: number): Promise<URLSearchParams> {
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded')
    throw new HttpError(415, { field: 'content-type', message: 'must be application/x-www-form-urlencoded' });
  const body = await readRawBody(request, limit);
  if (!body.ok) throw new HttpError(body.status, body.error);
  return new URLSearchParams(body.text);
}

/** `?publish=true` / `?publish=1`. */
export function queryFlag(request: Request, name: string): boolean {
  const value = new URL(request.url).searchParams.get(name);
  return value === 'true' || value === '1';
}
