import type { ApiError } from './responses';
import { HttpError, jsonResponse } from './responses';

/** A problem as the domain services report it: the node or edge of a document, maybe a field. */
export interface DomainProblem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

/** What the domain services (journeys, templates) return instead of throwing: a value or refusals. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; errors: DomainProblem[] };

/**
 * A domain problem in the one error shape. A problem with no field of its own is about what it names: the
 * node or edge of a document, or the resource the route addresses (`journey`, `template`).
 */
export function toApiError(problem: DomainProblem, resource: string): ApiError {
  const field = problem.field ?? (problem.nodeId ? 'node' : problem.edgeId ? 'edge' : resource);
  return {
    field,
    message: problem.message,
    ...(problem.nodeId ? { nodeId: problem.nodeId } : {}),
    ...(problem.edgeId ? { edgeId: problem.edgeId } : {}),
  };
}

/** The value as JSON, or the refusals thrown for the route wrapper to answer. */
export function outcomeResponse<T>(outcome: Outcome<T>, resource: string, status = 200): Response {
  if (!outcome.ok)
    throw new HttpError(
      outcome.status,
      outcome.errors.map((problem) => toApiError(problem, resource)),
    );
  return jsonResponse(status, outcome.value, { 'Cache-Control': 'no-store' });
}
