/**
 * A small client for /api/v1/journeys. Errors come back as the API's `{ error, errors }` body, kept whole so
 * the CLI can list every node and field at fault.
 */

export interface ApiProblem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

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

export interface SavedJourney {
  journey: JourneySummary;
  created: boolean;
  publishedVersion: number | null;
  /** What publishing would refuse (templates or segments the workspace lacks); the draft is saved. */
  warnings?: ApiProblem[];
}

export class JourneysClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/api/v1/journeys`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
      const problems = (parsed as { errors?: ApiProblem[]; error?: ApiProblem }).errors ?? [
        (parsed as { error?: ApiProblem }).error ?? { message: `HTTP ${response.status}` },
      ];
      throw new ApiError(response.status, problems);
    }
    return parsed as T;
  }

  async list(): Promise<JourneySummary[]> {
    return (await this.request<{ journeys: JourneySummary[] }>('GET', '')).journeys;
  }

  create(document: unknown, publish: boolean) {
    return this.request<SavedJourney>('POST', publish ? '?publish=true' : '', document);
  }

  update(id: string, document: unknown, publish: boolean) {
    return this.request<SavedJourney>(
      'PUT',
      `/${encodeURIComponent(id)}${publish ? '?publish=true' : ''}`,
      document,
    );
  }

  export(id: string, version?: number) {
    return this.request<unknown>(
      'GET',
      `/${encodeURIComponent(id)}/export${version ? `?version=${version}` : ''}`,
    );
  }

  publish(id: string) {
    return this.request<{ journey: JourneySummary; version: number; migration: unknown }>(
      'POST',
      `/${encodeURIComponent(id)}/publish`,
    );
  }

  changeStatus(id: string, action: 'pause' | 'resume' | 'archive') {
    return this.request<JourneySummary>('POST', `/${encodeURIComponent(id)}/${action}`);
  }
}
