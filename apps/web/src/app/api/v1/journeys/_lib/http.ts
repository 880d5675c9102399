import { authenticateApiKey, getDb, type Db, type Workspace } from '@nudgeflow/db';
import type { z } from 'zod';
import type { JourneyError } from '@nudgeflow/journey';
import { readJsonBody } from '~/server/http/read-body';
import type { JourneyOutcome } from './service';

/** Journey documents are a few hundred KB at most; a 5,000-node graph stays well under this. */
const BODY_LIMIT = 4 * 1024 * 1024;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** `{ error }` is the first problem (what most clients show), `errors` every one (what the CLI lists). */
export function errorJson(status: number, errors: readonly JourneyError[]): Response {
  return json(status, { error: errors[0] ?? { message: 'Request failed' }, errors });
}

export function outcomeJson<T>(outcome: JourneyOutcome<T>, status = 200): Response {
  return outcome.ok ? json(status, outcome.value) : errorJson(outcome.status, outcome.errors);
}

export interface ApiCaller {
  db: Db;
  workspace: Workspace;
  /** Recorded as who published a version. */
  actor: string;
}

/**
 * The workspace an `Authorization: Bearer <key>` header belongs to. 401 without a key or with an unknown
 * or revoked one. Another workspace's journeys are then simply not found (404), so ids do not leak.
 */
export async function authenticate(request: Request): Promise<ApiCaller | Response> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    return errorJson(401, [
      { field: 'authorization', message: 'Send a workspace API key as "Authorization: Bearer <key>"' },
    ]);
  }
  const db = getDb();
  const found = await authenticateApiKey(db, match[1]!);
  if (!found) return errorJson(401, [{ field: 'authorization', message: 'Unknown or revoked API key' }]);
  return { db, workspace: found.workspace, actor: `apikey:${found.apiKey.id}` };
}

export async function readJson(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, BODY_LIMIT);
  if (!body.ok) return { ok: false, response: errorJson(body.status, [body.error]) };
  try {
    return { ok: true, value: body.text.trim() === '' ? {} : (JSON.parse(body.text) as unknown) };
  } catch {
    return { ok: false, response: errorJson(400, [{ field: 'body', message: 'is not valid JSON' }]) };
  }
}

/** A JSON body checked against `schema`: the parsed value, or a 400 naming every bad field. */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  const body = await readJson(request);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    response: errorJson(
      400,
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
    ),
  };
}

/** `?publish=true` / `?publish=1`. */
export function flag(request: Request, name: string): boolean {
  const value = new URL(request.url).searchParams.get(name);
  return value === 'true' || value === '1';
}
