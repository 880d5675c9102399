import { authenticateApiKey, getDb, looksLikeApiKey } from '@nudgeflow/db';
import { workspaceIdForWriteKey, writeKeyFromBasicAuth } from '../ingest/write-keys';
import type { ApiError } from './responses';

/**
 * Who is calling a /v1 route. Secret API keys arrive as `Authorization: Bearer <key>`, `X-Api-Key`, or as
 * the Basic auth username (so Segment-style clients can use them too); public write keys as the Basic auth
 * username or `writeKey` in the body.
 */
export type Caller = { workspaceId: string; via: 'api-key' | 'write-key' };
export type CallerResult = { ok: true; caller: Caller } | { ok: false; status: 401; error: ApiError };

function presentedKey(request: Request): { key: string | null; malformed: boolean } {
  const authorization = request.headers.get('authorization');
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer?.[1]) return { key: bearer[1], malformed: false };
  const basic = writeKeyFromBasicAuth(authorization);
  if (basic === null) return { key: null, malformed: true };
  if (basic) return { key: basic, malformed: false };
  const header = request.headers.get('x-api-key');
  return { key: header && header.length <= 255 ? header : null, malformed: false };
}

const unauthorised = (field: string, message: string): CallerResult => ({
  ok: false,
  status: 401,
  error: { field, message },
});

/** Only a secret API key will do (privacy requests, catalog feeds from the shop's backend). */
export async function authenticateSecret(request: Request): Promise<CallerResult> {
  const { key, malformed } = presentedKey(request);
  if (malformed)
    return unauthorised(
      'authorization',
      'must be Bearer <api key> or Basic auth with the key as the username',
    );
  if (!key) return unauthorised('authorization', 'is missing: send a secret API key as Bearer token');
  if (!looksLikeApiKey(key))
    return unauthorised('authorization', 'is not a secret API key (write keys are not accepted here)');
  const found = await authenticateApiKey(getDb(), key);
  if (!found) return unauthorised('authorization', 'is not a valid, unrevoked API key');
  return { ok: true, caller: { workspaceId: found.workspace.id, via: 'api-key' } };
}

/** A secret API key or the workspace's public write key (from a header or `writeKey` in the body). */
export async function authenticateSecretOrWriteKey(
  request: Request,
  bodyWriteKey: unknown,
): Promise<CallerResult> {
  const { key, malformed } = presentedKey(request);
  if (malformed)
    return unauthorised(
      'authorization',
      'must be Bearer <api key> or Basic auth with the key as the username',
    );
  if (key && looksLikeApiKey(key)) return authenticateSecret(request);
  const writeKey =
    key ?? (typeof bodyWriteKey === 'string' && bodyWriteKey.length <= 255 ? bodyWriteKey : null);
  if (!writeKey) return unauthorised('writeKey', 'is missing: send an API key or the write key');
  const workspaceId = await workspaceIdForWriteKey(writeKey);
  if (!workspaceId) return unauthorised('writeKey', 'is not the write key of any workspace');
  return { ok: true, caller: { workspaceId, via: 'write-key' } };
}
