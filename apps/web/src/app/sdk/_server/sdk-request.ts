import { createLogger } from '@nudgeflow/config';
import type { z } from 'zod';
import { isRetryableDatabaseError } from '~/server/http/database-errors';
import { readJsonBody } from '~/server/http/read-body';
import { errorResponse, jsonResponse, retryLaterResponse } from '~/server/http/responses';
import { workspaceIdForWriteKey } from '~/server/ingest/write-keys';

/**
 * Shared plumbing of the routes the browser SDK and its service worker call (/v1/push/*, /v1/in-app/*):
 * public, cookie-less, addressed by write key, answering bad input with a 4xx that names the field.
 */
const log = createLogger('web:sdk');

/** Reports and subscriptions are small; anything bigger is not from the SDK. */
const MAX_SDK_BODY_BYTES = 16 * 1024;

export class SdkRequestError extends Error {
  constructor(
    readonly status: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function zodFieldError(error: z.ZodError): SdkRequestError {
  const issue = error.issues[0];
  return new SdkRequestError(400, issue?.path.join('.') || 'body', issue?.message ?? 'is invalid');
}

/** Reads a text/plain or JSON body and validates it; throws SdkRequestError with the offending field. */
export async function readSdkBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = await readJsonBody(request, MAX_SDK_BODY_BYTES);
  if (!body.ok) throw new SdkRequestError(body.status, body.error.field, body.error.message);
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    throw new SdkRequestError(400, 'body', 'is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw zodFieldError(parsed.error);
  return parsed.data;
}

export function readSdkQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw zodFieldError(parsed.error);
  return parsed.data;
}

export async function requireWorkspace(writeKey: string): Promise<string> {
  const workspaceId = await workspaceIdForWriteKey(writeKey);
  if (!workspaceId) throw new SdkRequestError(401, 'writeKey', 'is not the write key of any workspace');
  return workspaceId;
}

/** Runs a handler and turns its failures into the API's error shapes; never a stack trace, never a 500 for bad input. */
export async function sdkRoute(name: string, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof SdkRequestError)
      return errorResponse(error.status, { field: error.field, message: error.message });
    if (isRetryableDatabaseError(error)) {
      log.warn({ err: error, route: name }, 'sdk route: database unavailable');
      return retryLaterResponse(503, 'temporarily unavailable; retry later', 5);
    }
    log.error({ err: error, route: name }, 'sdk route: unexpected failure');
    return jsonResponse(500, { error: { field: 'server', message: 'internal error' } });
  }
}
