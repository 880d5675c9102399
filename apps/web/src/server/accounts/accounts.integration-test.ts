import { resetEnv } from '@nudgeflow/config';
import { closeSharedDb, createPasswordUser, getDb } from '@nudgeflow/db';
import { uniqueTestId } from '@nudgeflow/db/testing';
import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuth } from '../auth';
import { LOCKOUT_FAILURES } from './sign-in-lockout';

/**
 * Accounts through better-auth's real handler (what /api/auth/[...all] serves) on real Postgres: sign-up is
 * closed, an account locks after repeated wrong passwords whatever the IP, and a password change signs the
 * user's other sessions out.
 */
const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery';

beforeAll(() => {
  process.env.AUTH_SECRET ??= 'an-integration-test-secret-of-some-length';
  process.env.PUBLIC_URL = ORIGIN;
  resetEnv();
});
afterAll(() => closeSharedDb());

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return getAuth().handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

async function newUser(): Promise<string> {
  const email = `${uniqueTestId('acct')}@shop.test`;
  await createPasswordUser(getDb(), { email, name: 'Ann', passwordHash: await hashPassword(PASSWORD) });
  return email;
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => value.includes('session_token='));
  if (!cookie) throw new Error(`no session cookie (status ${response.status})`);
  return cookie.split(';')[0]!;
}

describe('sign-up', () => {
  it('is closed: the API refuses it and creates no user', async () => {
    const email = `${uniqueTestId('signup')}@shop.test`;
    const response = await post('/sign-up/email', { email, password: PASSWORD, name: 'Mallory' });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('EMAIL_PASSWORD_SIGN_UP_DISABLED');
    expect(await getDb().user.count({ where: { email } })).toBe(0);
  });
});

describe('sign-in lockout', () => {
  it(`locks an account after ${LOCKOUT_FAILURES} wrong passwords from different IPs, even for the right one`, async () => {
    const email = await newUser();
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      const wrong = await post(
        '/sign-in/email',
        { email, password: `wrong-${i}` },
        { 'X-Forwarded-For': `203.0.113.${i + 1}` },
      );
      expect(wrong.status).toBe(401);
    }
    const locked = await post(
      '/sign-in/email',
      { email, password: PASSWORD },
      { 'X-Forwarded-For': '198.51.100.9' },
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const body = (await locked.json()) as { code: string; message: string };
    expect(body.code).toBe('ACCOUNT_LOCKED');
    expect(body.message).toMatch(/Too many failed sign-ins for this account\. Try again in 15 minutes/);
    expect(locked.headers.getSetCookie().some((value) => value.includes('session_token='))).toBe(false);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const email = await newUser();
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) {
      expect((await post('/sign-in/email', { email, password: 'nope-nope' })).status).toBe(401);
    }
    expect((await post('/sign-in/email', { email, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) {
      expect((await post('/sign-in/email', { email, password: 'nope-nope' })).status).toBe(401);
    }
    expect((await post('/sign-in/email', { email, password: PASSWORD })).status).toBe(200);
  });

  it('does not lock one account for another account’s failures', async () => {
    const [victim, other] = [await newUser(), await newUser()];
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      await post('/sign-in/email', { email: other, password: 'x'.repeat(9) });
    expect((await post('/sign-in/email', { email: victim, password: PASSWORD })).status).toBe(200);
  });
});

describe('password change', () => {
  it('signs the user out of every other session, even when the client asks to keep them', async () => {
    const email = await newUser();
    const laptop = sessionCookie(await post('/sign-in/email', { email, password: PASSWORD }));
    const phone = sessionCookie(await post('/sign-in/email', { email, password: PASSWORD }));
    const session = (cookie: string) => getAuth().api.getSession({ headers: new Headers({ cookie }) });
    expect(await session(phone)).not.toBeNull();

    const changed = await post(
      '/change-password',
      { currentPassword: PASSWORD, newPassword: 'a brand new passphrase', revokeOtherSessions: false },
      { cookie: laptop },
    );
    expect(changed.status).toBe(200);
    expect(await session(phone)).toBeNull();
    expect((await post('/sign-in/email', { email, password: PASSWORD })).status).toBe(401);
    expect((await post('/sign-in/email', { email, password: 'a brand new passphrase' })).status).toBe(200);
  });
});
