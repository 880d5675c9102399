/**
 * Account lockout after repeated failed sign-ins. better-auth already limits sign-in attempts per IP (3 per
 * 10 s in production); that does not stop a slow guess spread over many addresses against one account,
 * which is what this counts. Pure: the caller reads and writes the failures.
 */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

export type LockoutDecision =
  { locked: false } | { locked: true; retryAfterSeconds: number; message: string };

/** Locked when the last `LOCKOUT_FAILURES` failures all fall within the window; open again when the oldest leaves it. */
export function lockoutDecision(failures: readonly Date[], now: Date): LockoutDecision {
  const recent = failures.filter((at) => now.getTime() - at.getTime() < LOCKOUT_WINDOW_MS);
  if (recent.length < LOCKOUT_FAILURES) return { locked: false };
  const oldestCounted = recent[recent.length - LOCKOUT_FAILURES]!;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldestCounted.getTime() + LOCKOUT_WINDOW_MS - now.getTime()) / 1000),
  );
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return {
    locked: true,
    retryAfterSeconds,
    message:
      `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
      'or ask a workspace owner to reset your password.',
  };
}
