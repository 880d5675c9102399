import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('EMAIL_BOUNCE_DOMAIN', () => {
  it('is unset when absent or empty (docker compose passes an unset variable as "")', () => {
    expect(readEnv({}).EMAIL_BOUNCE_DOMAIN).toBeUndefined();
    expect(readEnv({ EMAIL_BOUNCE_DOMAIN: '' }).EMAIL_BOUNCE_DOMAIN).toBeUndefined();
  });

  it('takes a domain and refuses anything else, naming the variable', () => {
    expect(readEnv({ EMAIL_BOUNCE_DOMAIN: 'bounces.example.com' }).EMAIL_BOUNCE_DOMAIN).toBe(
      'bounces.example.com',
    );
    expect(() => readEnv({ EMAIL_BOUNCE_DOMAIN: 'bounces@example.com' })).toThrow(
      /EMAIL_BOUNCE_DOMAIN: Expected a domain/,
    );
    expect(() => readEnv({ EMAIL_BOUNCE_DOMAIN: 'two words' })).toThrow(/EMAIL_BOUNCE_DOMAIN/);
  });
});
