import { verifyMessageLink, type LinkPayload } from '@nudgeflow/channels';
import { authenticateApiKey, findMembership, getDb, looksLikeApiKey } from '@nudgeflow/db';
import { getSessionUser } from '../auth';
import { workspaceIdForWriteKey, writeKeyFromBasicAuth } from '../ingest/write-keys';
import { limitWorkspace } from './public-rate-limits';
import { HttpError } from './responses';

/**
 * Who may call a route outside tRPC, in one place. A route names the credentials it accepts:
 * - `api-key`: a secret workspace API key as `Authorization: Bearer <key>`, `X-Api-Key`, or the Basic auth
 *   username (so Segment-style clients can use one too);
 * - `write-key`: the workspace's public write key, as the Basic auth username or `writeKey` in the body;
 * - `session`: a signed-in member of the workspace the request addresses (the app's own pages);
 * - `signed-token`: a link we signed into a message (unsubscribe, open pixel, click), verified with its
 *   workspace's secret.
 * Anything else is refused with 401 naming what was expected (400 for a signed link that is not valid,
 * which is what mail clients and browsers are told).
 */
export type Credential = 'api-key' | 'write-key' | 'session' | 'signed-token';

export interface Caller {
  workspaceId: string;
  via: Credential;
  /** Recorded as who did it (`apikey:<id>`, `user:<id>`, `writekey`, `link`). */
  actor: string;
  /** The verified payload of a signed link. */
  link?: LinkPayload;
}

export interface AuthenticateOptions {
  accept: readonly Credential[];
  /** `writeKey` from the body, for clients that cannot set headers (sendBeacon, Segment's browser library). */
  bodyWriteKey?: unknown;
  /** The signed token from the path, for `signed-token`. */
  token?: string;
  /** The workspace a `session` caller must be a member of. */
  workspaceId?: string;
}

const DESCRIBE: Record<Credential, string> = {
  'api-key': 'a secret API key as Bearer token',
  'write-key': 'the write key as the Basic auth username or writeKey in the body',
  session: 'a signed-in session',
  'signed-token': 'a signed link',
};

function presentedKey(request: Request): { key: string | null; basic: boolean } {
  const authorization = request.headers.get('authorization');
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer?.[1]) return { key: bearer[1], basic: false };
  const basic = writeKeyFromBasicAuth(authorization);
  if (basic === null) {
    throw new HttpError(401, {
      field: 'authorization',
      message: 'must be Bearer <api key> or Basic auth with the key as the username',
    });
  }
  if (basic) return { key: basic, basic: true };
  const header = request.headers.get('x-api-key');
  return { key: header && header.length <= 255 ? header : null, basic: false };
}

export async function authenticate(request: Request, options: AuthenticateOptions): Promise<Caller> {
  const caller = await identify(request, options);
  limitWorkspace(request, caller.workspaceId);
  return caller;
}

async function identify(request: Request, options: AuthenticateOptions): Promise<Caller> {
  const accepts = new Set(options.accept);
  if (accepts.has('signed-token') && options.token !== undefined) {
    const link = options.token.length <= 2000 ? await verifyMessageLink(getDb(), options.token) : null;
    if (!link) throw new HttpError(400, { field: 'token', message: 'this link is not valid' });
    return { workspaceId: link.w, via: 'signed-token', actor: 'link', link };
  }

  const { key, basic } = presentedKey(request);
  if (key && looksLikeApiKey(key)) {
    if (!accepts.has('api-key'))
      throw new HttpError(401, { field: 'authorization', message: 'API keys are not accepted here' });
    const found = await authenticateApiKey(getDb(), key);
    if (!found) throw new HttpError(401, { field: 'authorization', message: 'Unknown or revoked API key' });
    return { workspaceId: found.workspace.id, via: 'api-key', actor: `apikey:${found.apiKey.id}` };
  }
  if (accepts.has('write-key')) {
    const bodyKey =
      typeof options.bodyWriteKey === 'string' && options.bodyWriteKey.length <= 255
        ? options.bodyWriteKey
        : null;
    const writeKey = key ?? bodyKey;
    if (writeKey) {
      const workspaceId = await workspaceIdForWriteKey(writeKey);
      if (!workspaceId)
        throw new HttpError(401, { field: 'writeKey', message: 'is not the write key of any workspace' });
      return { workspaceId, via: 'write-key', actor: 'writekey' };
    }
  } else if (key) {
    throw new HttpError(401, {
      field: 'authorization',
      message: basic || !accepts.has('api-key') ? 'is not accepted here' : 'is not a secret API key',
    });
  }
  if (accepts.has('session') && options.workspaceId) {
    const user = await getSessionUser(request.headers);
    if (user && (await findMembership(getDb(), options.workspaceId, user.id)))
      return { workspaceId: options.workspaceId, via: 'session', actor: `user:${user.id}` };
  }
  const expected = options.accept.map((credential) => DESCRIBE[credential]).join(' or ');
  throw new HttpError(401, {
    field: accepts.has('write-key') && !accepts.has('api-key') ? 'writeKey' : 'authorization',
    message: `is missing: send ${expected}`,
  });
}
