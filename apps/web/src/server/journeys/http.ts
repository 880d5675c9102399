import { getDb } from '@nudgeflow/db';
import { z } from 'zod';
import { authenticate, type Caller } from '../http/authenticate';
import { outcomeResponse } from '../http/outcome';
import { queryFlag, readJson } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';
import { getTemporalClient } from '../temporal';
import { planPublish } from './plan';
import {
  changeJourneyStatus,
  exportJourney,
  getJourney,
  listWorkspaceJourneys,
  migrateWaitingRuns,
  publishDraft,
  saveJourneyDocument,
  triggerJourney,
} from './service';
import { exportWithTemplates, importBundledTemplates } from '../templates/bundle';

/**
 * The handlers behind /api/v1/journeys (journeys as code). Callers present a workspace API key; another
 * workspace's journeys are simply not found (404), so ids do not leak.
 */

/** Journey documents are a few hundred KB at most; a 5,000-node graph stays well under this. */
const DOCUMENT_LIMIT = 4 * 1024 * 1024;
const SMALL_BODY_LIMIT = 64 * 1024;

type JourneyParams = { journeyId: string };

const journeyNotFound = () =>
  new HttpError(404, { field: 'journey', message: 'No such journey in this workspace' });

const caller = (request: Request): Promise<Caller> => authenticate(request, { accept: ['api-key'] });
const result = <T>(outcome: Parameters<typeof outcomeResponse<T>>[0], status = 200) =>
  outcomeResponse(outcome, 'journey', status);

/** GET /api/v1/journeys: the workspace's journeys (archived ones left out). */
export async function listJourneysHandler(request: Request): Promise<Response> {
  const { workspaceId } = await caller(request);
  return jsonResponse(200, { journeys: await listWorkspaceJourneys(getDb(), workspaceId) });
}

/**
 * The document of an import: a bare journey document, or `{ journey, templates }` as an export with
 * templates writes it (the templates are imported first, so the journey can name them).
 */
async function importedDocument(request: Request, workspaceId: string): Promise<unknown> {
  const body = await readJson(request, { limit: DOCUMENT_LIMIT });
  return importBundledTemplates(getDb(), workspaceId, body);
}

/** POST /api/v1/journeys[?publish=true]: create a journey from a nudgeflow.journey/v1 document. */
export async function createJourneyHandler(request: Request): Promise<Response> {
  const { workspaceId, actor } = await caller(request);
  const document = await importedDocument(request, workspaceId);
  const saved = await saveJourneyDocument(getDb(), workspaceId, document, {
    publish: queryFlag(request, 'publish'),
    actor,
  });
  return result(saved, 201);
}

/** GET /api/v1/journeys/:id: the journey and its draft as a document. */
export async function getJourneyHandler(request: Request, { journeyId }: JourneyParams): Promise<Response> {
  const { workspaceId } = await caller(request);
  const journey = await getJourney(getDb(), workspaceId, journeyId);
  if (!journey) throw journeyNotFound();
  const document = await exportJourney(getDb(), workspaceId, journeyId);
  return result(document.ok ? { ok: true, value: { journey, document: document.value } } : document);
}

/** PUT /api/v1/journeys/:id[?publish=true]: replace the draft with a document. */
export async function replaceJourneyHandler(
  request: Request,
  { journeyId }: JourneyParams,
): Promise<Response> {
  const { workspaceId, actor } = await caller(request);
  // Not found comes first: a bundle's templates must not be imported for a journey that is not there.
  if (!(await getJourney(getDb(), workspaceId, journeyId))) throw journeyNotFound();
  const document = await importedDocument(request, workspaceId);
  const saved = await saveJourneyDocument(getDb(), workspaceId, document, {
    journeyId,
    publish: queryFlag(request, 'publish'),
    actor,
  });
  return result(saved);
}

const Version = z.coerce
  .number()
  .int('must be a positive whole number')
  .positive('must be a positive whole number');

/**
 * GET /api/v1/journeys/:id/export[?version=N][&templates=true]: the bare document (draft, or a published
 * version's drawing); with `templates`, `{ journey, templates }` carrying the templates it sends.
 */
export async function exportJourneyHandler(
  request: Request,
  { journeyId }: JourneyParams,
): Promise<Response> {
  const { workspaceId } = await caller(request);
  const raw = new URL(request.url).searchParams.get('version');
  const version = raw === null ? undefined : Version.safeParse(raw);
  if (version && !version.success)
    throw new HttpError(400, { field: 'version', message: 'must be a positive whole number' });
  const exported = await exportJourney(
    getDb(),
    workspaceId,
    journeyId,
    version ? { version: version.data } : {},
  );
  if (!exported.ok || !queryFlag(request, 'templates')) return result(exported);
  return result({ ok: true, value: await exportWithTemplates(getDb(), workspaceId, exported.value) });
}

/** POST /api/v1/journeys/:id/publish: compile the draft into the next immutable version and make it live. */
export async function publishJourneyHandler(
  request: Request,
  { journeyId }: JourneyParams,
): Promise<Response> {
  const { workspaceId, actor } = await caller(request);
  return result(await publishDraft(getDb(), workspaceId, journeyId, { actor }));
}

const NodeMap = z.record(z.string().min(1).max(200), z.string().min(1).max(200));

/**
 * GET /api/v1/journeys/:id/plan: what publishing the draft would do to the customers waiting in the live
 * version (per node, and where each would move), without publishing. POST with `{ document?, nodeMap? }`
 * plans a document not yet imported, or a node map for `migrate`.
 */
export async function planJourneyHandler(request: Request, { journeyId }: JourneyParams): Promise<Response> {
  const { workspaceId } = await caller(request);
  const input =
    request.method === 'POST'
      ? await readJson(request, {
          limit: DOCUMENT_LIMIT,
          schema: z.object({ document: z.unknown().optional(), nodeMap: NodeMap.optional() }),
        })
      : {};
  const document =
    input.document === undefined
      ? undefined
      : await importBundledTemplates(getDb(), workspaceId, input.document, { dryRun: true });
  return result(
    await planPublish(getDb(), workspaceId, journeyId, {
      ...(document === undefined ? {} : { document }),
      ...(input.nodeMap ? { nodeMap: input.nodeMap } : {}),
    }),
  );
}

/** POST /api/v1/journeys/:id/(pause|resume|archive) */
export function statusHandler(action: 'pause' | 'resume' | 'archive') {
  return async (request: Request, { journeyId }: JourneyParams): Promise<Response> => {
    const { workspaceId } = await caller(request);
    return result(await changeJourneyStatus(getDb(), workspaceId, journeyId, action));
  };
}

const MigrateBody = z.object({ fromVersion: z.number().int().positive(), nodeMap: NodeMap.optional() });

/**
 * POST /api/v1/journeys/:id/migrate `{ fromVersion, nodeMap? }`: moves the customers still running an older
 * version onto the live one. 409 naming every affected node when a node they wait on is gone unmapped.
 */
export async function migrateJourneyHandler(
  request: Request,
  { journeyId }: JourneyParams,
): Promise<Response> {
  const { workspaceId } = await caller(request);
  const body = await readJson(request, { limit: SMALL_BODY_LIMIT, schema: MigrateBody });
  let client;
  try {
    client = await getTemporalClient();
  } catch {
    throw new HttpError(
      503,
      { field: 'server', message: 'Temporal is unavailable; try again' },
      { 'Retry-After': '5' },
    );
  }
  return result(await migrateWaitingRuns(getDb(), client, workspaceId, journeyId, body));
}

const TriggerBody = z.object({
  userId: z.string().min(1).max(200),
  properties: z.record(z.string().min(1).max(200), z.unknown()).optional(),
  /** Idempotency key: a retried call with the same messageId enters the customer once. */
  messageId: z.string().min(1).max(200).optional(),
});

/**
 * POST /api/v1/journeys/:id/trigger `{ userId, properties?, messageId? }`: enters a customer through the
 * journey's API trigger. 202 once the entry is durably queued; the journey's entry rules then apply.
 */
export async function triggerJourneyHandler(
  request: Request,
  { journeyId }: JourneyParams,
): Promise<Response> {
  const { workspaceId } = await caller(request);
  const body = await readJson(request, { limit: SMALL_BODY_LIMIT, schema: TriggerBody });
  return result(await triggerJourney(getDb(), workspaceId, journeyId, body), 202);
}
