import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, parseIngestBody } from './messages';

const routes = [...MESSAGE_TYPES, 'batch'] as const;
const options = { receivedAt: new Date('2026-06-01T00:00:00Z'), generateMessageId: () => 'generated' };

function jsonSafe(value: unknown): boolean {
  // What Postgres jsonb refuses: NUL and unpaired surrogates anywhere, keys included.
  const text = JSON.stringify(value);
  return !/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(
    text,
  );
}

describe('parseIngestBody on arbitrary input', () => {
  it('never throws, and refuses with a field and a message', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (route, text) => {
          const result = parseIngestBody(text, route, options);
          if (!result.ok) {
            expect(result.error.field.length).toBeGreaterThan(0);
            expect(result.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts only what Postgres can store, with no prototype keys', { timeout: 60_000 }, () => {
    const message = fc.record({
      type: fc.constantFrom(...MESSAGE_TYPES),
      userId: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
      previousId: fc.string({ minLength: 1, maxLength: 5 }),
      groupId: fc.string({ minLength: 1, maxLength: 5 }),
      event: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
      properties: fc.dictionary(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constant('__proto__')),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      traits: fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })),
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), (batch) => {
        const result = parseIngestBody(JSON.stringify({ batch }), 'batch', options);
        if (!result.ok) return;
        for (const parsed of result.value.messages) {
          expect(jsonSafe(parsed.properties)).toBe(true);
          expect(jsonSafe(parsed.traits)).toBe(true);
          expect(jsonSafe([parsed.userId, parsed.name])).toBe(true);
          expect(Object.keys(parsed.properties)).not.toContain('__proto__');
        }
      }),
      { numRuns: 200 },
    );
  });
});
