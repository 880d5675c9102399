import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIdentityProof, identityToken, userHash } from './identity-verification';

const SECRET = 'workspace-identity-secret';
const NOW = new Date('2026-12-08T00:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(header: Record<string, unknown>, payload: Record<string, unknown>, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('user hash (HMAC-SHA256 of the userId, hex)', () => {
  it('is valid for the userId it was made for', () => {
    expect(userHash(SECRET, 'u-42')).toBe(createHmac('sha256', SECRET).update('u-42').digest('hex'));
    expect(checkIdentityProof(SECRET, 'u-42', userHash(SECRET, 'u-42'))).toEqual({ ok: true });
    expect(checkIdentityProof(SECRET, 'u-42', userHash(SECRET, 'u-42').toUpperCase())).toEqual({ ok: true });
  });

  it('is refused when made with another secret', () => {
    expect(checkIdentityProof(SECRET, 'u-42', userHash('another-secret', 'u-42'))).toEqual({
      ok: false,
      reason: 'wrong-signature',
    });
  });

  it('is refused for another userId (a hash cannot be moved to another shopper)', () => {
    expect(checkIdentityProof(SECRET, 'u-43', userHash(SECRET, 'u-42'))).toEqual({
      ok: false,
      reason: 'wrong-signature',
    });
  });

  it('is refused when tampered with', () => {
    const hash = userHash(SECRET, 'u-42');
    const tampered = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
    expect(checkIdentityProof(SECRET, 'u-42', tampered)).toEqual({ ok: false, reason: 'wrong-signature' });
  });

  it('is missing when absent or empty', () => {
    expect(checkIdentityProof(SECRET, 'u-42', undefined)).toEqual({ ok: false, reason: 'missing-proof' });
    expect(checkIdentityProof(SECRET, 'u-42', '')).toEqual({ ok: false, reason: 'missing-proof' });
  });
});

describe('identity token (JWT, HS256, sub = userId, exp required)', () => {
  const valid = { sub: 'u-42', exp: seconds(NOW) + 600 };

  it('is valid when signed with the secret, for the userId, not expired', () => {
    expect(checkIdentityProof(SECRET, 'u-42', token({ alg: 'HS256', typ: 'JWT' }, valid), NOW)).toEqual({
      ok: true,
    });
    expect(checkIdentityProof(SECRET, 'u-42', identityToken(SECRET, 'u-42', 60, NOW), NOW)).toEqual({
      ok: true,
    });
  });

  it('is refused when signed with another secret', () => {
    expect(checkIdentityProof(SECRET, 'u-42', token({ alg: 'HS256' }, valid, 'another-secret'), NOW)).toEqual(
      {
        ok: false,
        reason: 'wrong-signature',
      },
    );
  });

  it('is refused once expired', () => {
    const expired = token({ alg: 'HS256' }, { sub: 'u-42', exp: seconds(NOW) - 1 });
    expect(checkIdentityProof(SECRET, 'u-42', expired, NOW)).toEqual({ ok: false, reason: 'expired-token' });
    const later = new Date(NOW.getTime() + 61_000);
    expect(checkIdentityProof(SECRET, 'u-42', identityToken(SECRET, 'u-42', 60, NOW), later)).toEqual({
      ok: false,
      reason: 'expired-token',
    });
  });

  it('is refused without exp', () => {
    expect(checkIdentityProof(SECRET, 'u-42', token({ alg: 'HS256' }, { sub: 'u-42' }), NOW)).toEqual({
      ok: false,
      reason: 'token-without-exp',
    });
  });

  it('refuses alg none, with or without a signature', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid)}.`;
    expect(checkIdentityProof(SECRET, 'u-42', unsigned, NOW)).toEqual({
      ok: false,
      reason: 'unsupported-algorithm',
    });
    expect(checkIdentityProof(SECRET, 'u-42', token({ alg: 'none' }, valid), NOW)).toEqual({
      ok: false,
      reason: 'unsupported-algorithm',
    });
    expect(checkIdentityProof(SECRET, 'u-42', token({ alg: 'HS512' }, valid), NOW)).toEqual({
      ok: false,
      reason: 'unsupported-algorithm',
    });
  });

  it('is refused when the payload is tampered with (another sub, a later exp)', () => {
    const [header, , signature] = token({ alg: 'HS256' }, valid).split('.');
    const otherUser = `${header}.${b64({ ...valid, sub: 'u-43' })}.${signature}`;
    const longerLife = `${header}.${b64({ ...valid, exp: valid.exp + 86_400 })}.${signature}`;
    expect(checkIdentityProof(SECRET, 'u-43', otherUser, NOW)).toEqual({
      ok: false,
      reason: 'wrong-signature',
    });
    expect(checkIdentityProof(SECRET, 'u-42', longerLife, NOW)).toEqual({
      ok: false,
      reason: 'wrong-signature',
    });
  });

  it('is refused for another userId than its sub', () => {
    expect(checkIdentityProof(SECRET, 'u-43', token({ alg: 'HS256' }, valid), NOW)).toEqual({
      ok: false,
      reason: 'wrong-subject',
    });
  });

  it('is malformed when it is neither a hash nor three JWT parts', () => {
    expect(checkIdentityProof(SECRET, 'u-42', 'not-a-proof', NOW)).toEqual({
      ok: false,
      reason: 'malformed-proof',
    });
    expect(checkIdentityProof(SECRET, 'u-42', 'a.b.c', NOW)).toEqual({
      ok: false,
      reason: 'malformed-proof',
    });
    expect(checkIdentityProof(SECRET, 'u-42', 'x'.repeat(5000), NOW)).toEqual({
      ok: false,
      reason: 'malformed-proof',
    });
  });
});
