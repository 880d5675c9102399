import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-keys';

describe('api key format', () => {
  it('generates keys that look like keys and hash to sha256 hex', () => {
    const key = generateApiKey();
    expect(looksLikeApiKey(key)).toBe(true);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(generateApiKey())).not.toBe(hashApiKey(key));
  });

  it('rejects strings of the wrong shape without a lookup', () => {
    expect(looksLikeApiKey('')).toBe(false);
    expect(looksLikeApiKey('nf_sk_short')).toBe(false);
    expect(looksLikeApiKey(`wk_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeApiKey(`nf_sk_${'a'.repeat(42)}!`)).toBe(false);
  });
});
