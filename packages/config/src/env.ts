import { z } from 'zod';

/**
 * The one place that reads process.env. Every other module takes its configuration from here, so the
 * variables a deployment can set are listed (and documented in the README) exactly once.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Postgres connection string. Unset in development: the dev stack starts embedded Postgres and sets it. */
  DATABASE_URL: z.string().url().optional(),
  /** host:port of a Temporal frontend. Unset in development: the dev stack starts the dev server and sets it. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('nudgeflow-journeys'),
  /** Path to an existing `temporal` CLI binary to use instead of building one. */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /** Public URL of the web app, used in links inside messages (unsubscribe, click tracking). */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Secret for session cookies and signed links. Generated and stored by the dev stack when unset. */
  AUTH_SECRET: z.string().min(16).optional(),
  /**
   * Key that encrypts secrets at rest (SMTP passwords, SMS tokens, signing secrets, VAPID private keys):
   * 32 bytes, base64 (`openssl rand -base64 32`). The dev stack and the test runner generate one when unset.
   */
  NUDGEFLOW_SECRET_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'Expected 32 bytes, base64 encoded')
      .optional(),
  ),
  /** Keys replaced by a rotation, comma-separated: still read, never written; drop them after a restart. */
  NUDGEFLOW_SECRET_KEYS_PREVIOUS: z.string().default(''),
  SMTP_URL: z.string().min(1).optional(),
  /**
   * Domain of the bounce mailbox: mail goes out with envelope sender `bounces+<sendId>.<tag>@<domain>` so
   * delivery reports find their send (docs/channels.md). A workspace's `settings.email.bounceDomain` wins.
   */
  EMAIL_BOUNCE_DOMAIN: z.preprocess(
    (value) => (value === '' ? undefined : value), // docker compose passes an unset variable as ''
    z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'Expected a domain such as bounces.example.com')
      .optional(),
  ),
  /**
   * Comma-separated hosts or CIDR ranges that outbound URLs from user config (webhooks, SMS providers) may
   * reach even though they are private. Empty in production; tests allow loopback.
   */
  OUTBOUND_ALLOWLIST: z.string().default(''),
  /**
   * Rate limits of the public routes (/v1, /sdk, /api/v1; docs/api.md): sustained requests per second and
   * burst, per workspace (its write key and API keys together) and per client address. Tests raise them.
   */
  RATE_LIMIT_WORKSPACE_PER_SECOND: z.coerce.number().positive().default(1000),
  RATE_LIMIT_WORKSPACE_BURST: z.coerce.number().int().positive().default(2000),
  RATE_LIMIT_ADDRESS_PER_SECOND: z.coerce.number().positive().default(100),
  RATE_LIMIT_ADDRESS_BURST: z.coerce.number().int().positive().default(200),
  /**
   * How many reverse proxies in front of the web app append to X-Forwarded-For. 0 (the default): the app is
   * reached directly. N: the client address is the Nth entry from the right, the one the outermost proxy saw.
   */
  TRUSTED_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The `nudgeflow` CLI: the server to talk to and the workspace API key to send. */
  NUDGEFLOW_URL: z.string().url().optional(),
  NUDGEFLOW_API_KEY: z.string().min(1).optional(),
  /** Where the dev stack keeps its data (Postgres, Temporal SQLite, generated secrets). */
  NUDGEFLOW_DATA_DIR: z.string().min(1).optional(),
});
export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** The validated environment, read once. Tests that change process.env call `resetEnv()`. */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export function resetEnv(): void {
  cached = undefined;
}
