import type { ApiError } from '../../../../server/http/responses';

/**
 * A request body as text, never holding more than `limit` bytes: a Content-Length over the limit is
 * refused before reading, a chunked body as soon as it passes the limit. Shared by the provider webhooks
 * (SMS form posts, bounce messages), which are not JSON and so cannot use readJsonBody.
 */
export async function readRawBody(
  request: Request,
  limit: number,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<{ ok: true; text: string } | { ok: false; status: 400 | 413; error: ApiError }> {
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    error: { field: 'body', message: `is larger than ${Math.round(limit / 1024)} KB` },
  };
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
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
    return { ok: false, status: 400, error: { field: 'body', message: 'could not be read' } };
  }
  return { ok: true, text: Buffer.concat(chunks).toString(encoding) };
}
