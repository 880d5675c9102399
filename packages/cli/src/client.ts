/**
 * A small client for the Nudgeflow HTTP API (/api/v1/journeys, /api/v1/templates). Errors come back in the
 * API's one shape `{ error: { field, message }, errors? }`, kept whole so the CLI can list every node and
 * field at fault.
 */
import type { MigrationPlan } from '@nudgeflow/journey';

export interface ApiProblem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

/** The server refused a request (or answered something that is not the API). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: ApiProblem[],
  ) {
    super(problems[0]?.message ?? `HTTP ${status}`);
  }
}

export interface JourneySummary {
  id: string;
  name: string;
  description: string | null;
  status: string;
  activeVersion: number | null;
  updatedAt: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
  channel: string;
  topicKey: string | null;
  updatedAt: string;
}

export interface PublishMigration {
  previousVersion: number;
  waitingRuns: Record<string, number>;
  plan: MigrationPlan;
}

export interface SavedJourney {
  journey: JourneySummary;
  created: boolean;
  publishedVersion: number | null;
  /** What publishing would refuse (templates or segments the workspace does not have). */
  warnings?: ApiProblem[];
  migration: PublishMigration | null;
}

export interface PublishPlan {
  journey: JourneySummary;
  liveVersion: number | null;
  nextVersion: number;
  waitingRuns: Record<string, number>;
  plan: MigrationPlan | null;
}

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  moved: number;
  failed: { runId: string; message: string }[];
}

class HttpClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchImpl: typeof fetch,
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/api/v1`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiError(response.status, [
        { message: `Server answered ${response.status} with non-JSON: ${text.slice(0, 200)}` },
      ]);
    }
    if (!response.ok) {
      const { errors, error } = parsed as { errors?: ApiProblem[]; error?: ApiProblem };
      throw new ApiError(response.status, errors ?? [error ?? { message: `HTTP ${response.status}` }]);
    }
    return parsed as T;
  }
}

const id = (value: string) => `/${encodeURIComponent(value)}`;

export class JourneysClient {
  private readonly http: HttpClient;

  constructor(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = globalThis.fetch) {
    this.http = new HttpClient(baseUrl, apiKey, fetchImpl);
  }

  async list(): Promise<JourneySummary[]> {
    return (await this.http.request<{ journeys: JourneySummary[] }>('GET', '/journeys')).journeys;
  }

  create(document: unknown, publish: boolean) {
    return this.http.request<SavedJourney>('POST', `/journeys${publish ? '?publish=true' : ''}`, document);
  }

  update(journeyId: string, document: unknown, publish: boolean) {
    const query = publish ? '?publish=true' : '';
    return this.http.request<SavedJourney>('PUT', `/journeys${id(journeyId)}${query}`, document);
  }

  export(journeyId: string, options: { version?: number; templates?: boolean } = {}) {
    const query = new URLSearchParams({
      ...(options.version ? { version: String(options.version) } : {}),
      ...(options.templates ? { templates: 'true' } : {}),
    }).toString();
    return this.http.request<unknown>('GET', `/journeys${id(journeyId)}/export${query ? `?${query}` : ''}`);
  }

  publish(journeyId: string) {
    return this.http.request<{
      journey: JourneySummary;
      version: number;
      migration: PublishMigration | null;
    }>('POST', `/journeys${id(journeyId)}/publish`);
  }

  /** A dry run of publishing the stored draft, or `document` when given. */
  plan(journeyId: string, input: { document?: unknown; nodeMap?: Record<string, string> } = {}) {
    const path = `/journeys${id(journeyId)}/plan`;
    return input.document === undefined && input.nodeMap === undefined
      ? this.http.request<PublishPlan>('GET', path)
      : this.http.request<PublishPlan>('POST', path, input);
  }

  migrate(journeyId: string, input: { fromVersion: number; nodeMap?: Record<string, string> }) {
    return this.http.request<MigrationResult>('POST', `/journeys${id(journeyId)}/migrate`, input);
  }

  changeStatus(journeyId: string, action: 'pause' | 'resume' | 'archive') {
    return this.http.request<JourneySummary>('POST', `/journeys${id(journeyId)}/${action}`);
  }
}

export class TemplatesClient {
  private readonly http: HttpClient;

  constructor(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = globalThis.fetch) {
    this.http = new HttpClient(baseUrl, apiKey, fetchImpl);
  }

  async list(): Promise<TemplateSummary[]> {
    return (await this.http.request<{ templates: TemplateSummary[] }>('GET', '/templates')).templates;
  }

  /** Creates the template, or updates the one with `templateId` (else the one with its name and channel). */
  import(document: unknown, templateId?: string) {
    return templateId
      ? this.http.request<{ template: TemplateSummary; created: boolean }>(
          'PUT',
          `/templates${id(templateId)}`,
          document,
        )
      : this.http.request<{ template: TemplateSummary; created: boolean }>('POST', '/templates', document);
  }

  export(templateId: string) {
    return this.http.request<unknown>('GET', `/templates${id(templateId)}`);
  }
}
