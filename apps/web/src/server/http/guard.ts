import { createLogger } from '@nudgeflow/config';
import { isDataException, isRetryableDatabaseError } from './database-errors';
import { errorResponse, jsonResponse, retryLaterResponse } from './responses';

const log = createLogger('web:api');

/**
 * Turns failures of a public API handler into the answers clients act on: 503 + Retry-After when the
 * database is unavailable, 400 when Postgres refused a value, 500 (logged) for anything unexpected.
 */
export async function guardApi(route: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isRetryableDatabaseError(error)) {
      log.warn({ err: error, route }, 'database unavailable, asking the client to retry');
      return retryLaterResponse(503, 'the database is temporarily unavailable; retry later', 5);
    }
    if (isDataException(error)) {
      log.info({ err: error, route }, 'Postgres refused a value');
      return errorResponse(400, {
        field: 'body',
        message: `could not be stored: ${(error as Error).message}`,
      });
    }
    log.error({ err: error, route }, 'unexpected failure');
    return jsonResponse(500, { error: { field: 'server', message: 'internal error' } });
  }
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
