import { env } from '@nudgeflow/config';
import { RateLimiter } from './rate-limit';
import { HttpError } from './responses';

/**
 * The rate limits of the public routes (`/v1/*`, `/sdk/*`, `/api/v1/*`), wired into `route()`: every request
 * spends a token of its client address before the handler runs, and, once `authenticate()` knows the
 * workspace, a token of that workspace (its write key and API keys share one budget, as Segment meters per
 * workspace). An empty bucket answers 429 with Retry-After in the one error shape; Segment's clients retry
 * after it. Limits come from the env module (docs/api.md); tests rebuild them with their own clock.
 */
interface Limits {
  perWorkspace: RateLimiter;
  perAddress: RateLimiter;
  trustedProxies: number;
  now: () => number;
}

let limits: Limits | undefined;

function build(now: () => number): Limits {
  const config = env();
  return {
    perWorkspace: new RateLimiter({
      perSecond: config.RATE_LIMIT_WORKSPACE_PER_SECOND,
      burst: config.RATE_LIMIT_WORKSPACE_BURST,
    }),
    perAddress: new RateLimiter({
      perSecond: config.RATE_LIMIT_ADDRESS_PER_SECOND,
      burst: config.RATE_LIMIT_ADDRESS_BURST,
    }),
    trustedProxies: config.TRUSTED_PROXY,
    now,
  };
}

function current(): Limits {
  limits ??= build(Date.now);
  return limits;
}

/** Forgets every bucket and re-reads the limits from the env module (after `resetEnv()`), with a test clock. */
export function resetPublicRateLimits(options: { now?: () => number } = {}): void {
  limits = build(options.now ?? Date.now);
}

/** Requests that came through a rate-limited route; `authenticate()` charges their workspace. */
const LIMITED = new WeakSet<Request>();

/**
 * The client address a request's bucket is named after. Next.js puts the socket address into
 * X-Forwarded-For only when the request has none, so the header is all a route handler can see:
 * - behind N trusted proxies (TRUSTED_PROXY=N), each appended the address it saw; the Nth entry from the
 *   right is the client as the outermost proxy saw it, and anything left of it is the client's own claim;
 * - reached directly (0), the rightmost entry is the socket address when the client sent no header. A
 *   client that does send one chooses its own bucket (Next.js keeps the header); its workspace limit still
 *   holds. Deployments on the internet run behind a proxy and set TRUSTED_PROXY (docs/api.md).
 */
export function clientAddress(request: Request, trustedProxies: number): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'unknown';
  const index = Math.max(0, entries.length - Math.max(1, trustedProxies));
  return entries[index]!.slice(0, 64);
}

function refuse(field: string, message: string, retryAfterSeconds: number): never {
  throw new HttpError(429, { field, message }, { 'Retry-After': String(retryAfterSeconds) });
}

/** Spends a token of the request's client address; throws the 429 when there is none left. */
export function limitAddress(request: Request): void {
  const { perAddress, trustedProxies, now } = current();
  LIMITED.add(request);
  const decision = perAddress.take(clientAddress(request, trustedProxies), now());
  if (!decision.allowed)
    refuse(
      'client',
      `sent too many requests from this address; retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
}

/** Spends a token of the workspace a rate-limited request authenticated as (a no-op for other routes). */
export function limitWorkspace(request: Request, workspaceId: string): void {
  if (!LIMITED.has(request)) return;
  const { perWorkspace, now } = current();
  const decision = perWorkspace.take(workspaceId, now());
  if (!decision.allowed)
    refuse(
      'writeKey',
      `this workspace sent too many requests; retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
}

/** The routes limited by default: the ones the internet calls with a write key or an API key. */
export function isPublicRouteName(name: string): boolean {
  return /^\/(v1|sdk|api\/v1)(\/|$)/.test(name);
}
