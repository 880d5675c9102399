import { describe, expect, it } from 'vitest';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_MS, lockoutDecision } from './sign-in-lockout';

const now = new Date('2026-12-04T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('lockoutDecision', () => {
  it('stays open below the threshold', () => {
    const failures = Array.from({ length: LOCKOUT_FAILURES - 1 }, (_, i) => ago(i * 1000));
    expect(lockoutDecision(failures, now)).toEqual({ locked: false });
  });

  it('locks at the threshold until the oldest counted failure leaves the window', () => {
    const failures = [ago(10 * 60_000), ago(4000), ago(3000), ago(2000), ago(1000)];
    const decision = lockoutDecision(failures, now);
    expect(decision.locked).toBe(true);
    if (!decision.locked) return;
    expect(decision.retryAfterSeconds).toBe(5 * 60);
    expect(decision.message).toMatch(/Try again in 5 minutes/);
  });

  it('ignores failures older than the window', () => {
    const failures = [ago(LOCKOUT_WINDOW_MS + 1), ago(4000), ago(3000), ago(2000), ago(1000)];
    expect(lockoutDecision(failures, now)).toEqual({ locked: false });
  });

  it('says one minute in the singular', () => {
    const failures = Array.from({ length: LOCKOUT_FAILURES }, () => ago(LOCKOUT_WINDOW_MS - 30_000));
    const decision = lockoutDecision(failures, now);
    expect(decision.locked && decision.message).toMatch(/in 1 minute,/);
  });
});
