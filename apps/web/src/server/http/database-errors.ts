/**
 * Which failures are worth a retry. Connection loss, a restarting or overloaded server, deadlocks and
 * serialisation failures pass: the client should come back. Everything else is not a reason to retry.
 */
const RETRYABLE_SQLSTATE_PREFIXES = [
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53',
  '57P',
  '40001',
  '40P01',
  '55P03',
  '55006',
];
const RETRYABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const RETRYABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connect ECONNREFUSED|Can't reach database/i;

/** The SQLSTATE or Node error code, also from inside Prisma's driver-adapter errors (which wrap it). */
function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const wrapped = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta
    ?.driverAdapterError?.cause?.originalCode;
  if (typeof wrapped === 'string') return wrapped;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

export function isRetryableDatabaseError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    const code = codeOf(current);
    if (
      code &&
      (RETRYABLE_NODE_CODES.has(code) ||
        RETRYABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix)))
    )
      return true;
    if (current instanceof Error && RETRYABLE_MESSAGES.test(current.message)) return true;
    if (current instanceof AggregateError && current.errors.some(isRetryableDatabaseError)) return true;
    current = current instanceof Error ? current.cause : null;
  }
  return false;
}

/** Postgres refused a value (class 22: data exception): the request, not the server, is at fault. */
export function isDataException(error: unknown): boolean {
  const code = codeOf(error);
  return code !== null && code.startsWith('22');
}
