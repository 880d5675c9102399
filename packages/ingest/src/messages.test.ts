import { describe, expect, it } from 'vitest';
import { parseIngestBody, type ParseOptions } from './messages';

let counter = 0;
const options: ParseOptions = {
  receivedAt: new Date('2026-06-01T12:00:00Z'),
  generateMessageId: () => `gen-${++counter}`,
};

describe('parseIngestBody', () => {
  it('parses a track call', () => {
    const result = parseIngestBody(
      JSON.stringify({
        userId: 'u1',
        event: 'Product Added',
        properties: { sku: 'a' },
        messageId: 'm1',
        timestamp: '2026-05-01T00:00:00Z',
      }),
      'track',
      options,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        writeKey: null,
        messages: [
          expect.objectContaining({
            type: 'track',
            userId: 'u1',
            name: 'Product Added',
            messageId: 'm1',
            properties: { sku: 'a' },
            timestamp: new Date('2026-05-01T00:00:00Z'),
          }),
        ],
      },
    });
  });
  it('names the field of each permanent error', () => {
    expect(parseIngestBody('{"userId":"u"}', 'track', options)).toEqual({
      ok: false,
      error: { field: 'event', message: 'is required and must be a non-empty string' },
    });
    expect(parseIngestBody('{"event":"x"}', 'track', options)).toMatchObject({
      ok: false,
      error: { field: 'userId' },
    });
    expect(parseIngestBody('{"userId":"u","properties":[1]}', 'page', options)).toMatchObject({
      ok: false,
      error: { field: 'properties' },
    });
    expect(parseIngestBody('{"batch":[{"type":"track","userId":"u"}]}', 'batch', options)).toMatchObject({
      ok: false,
      error: { field: 'batch[0].event' },
    });
    expect(parseIngestBody('{"batch":[{"type":"nope","userId":"u"}]}', 'batch', options)).toMatchObject({
      ok: false,
      error: { field: 'batch[0].type' },
    });
    expect(parseIngestBody('{not json', 'identify', options)).toMatchObject({
      ok: false,
      error: { field: 'body' },
    });
    expect(parseIngestBody('{"userId":"u","timestamp":"yesterday"}', 'page', options)).toMatchObject({
      ok: false,
      error: { field: 'timestamp' },
    });
    expect(parseIngestBody('{"userId":"u"}', 'alias', options)).toMatchObject({
      ok: false,
      error: { field: 'previousId' },
    });
    expect(parseIngestBody('{"userId":"u"}', 'group', options)).toMatchObject({
      ok: false,
      error: { field: 'groupId' },
    });
  });
  it('refuses events over 32 KB and batches over 500 KB', () => {
    const big = 'x'.repeat(33 * 1024);
    expect(
      parseIngestBody(JSON.stringify({ userId: 'u', event: 'e', properties: { big } }), 'track', options),
    ).toMatchObject({ ok: false, error: { field: 'body' } });
    expect(
      parseIngestBody(
        JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'e', properties: { big } }] }),
        'batch',
        options,
      ),
    ).toMatchObject({
      ok: false,
      error: { field: 'batch[0]' },
    });
    const many = Array.from({ length: 20 }, () => ({
      type: 'track',
      userId: 'u',
      event: 'e',
      properties: { s: 'y'.repeat(30_000) },
    }));
    expect(parseIngestBody(JSON.stringify({ batch: many }), 'batch', options)).toMatchObject({
      ok: false,
      error: { field: 'body' },
    });
  });
  it('corrects client clock skew with sentAt and originalTimestamp', () => {
    const result = parseIngestBody(
      JSON.stringify({
        anonymousId: 'a',
        originalTimestamp: '2030-01-01T00:00:00Z',
        sentAt: '2030-01-01T00:00:10Z',
      }),
      'page',
      options,
    );
    expect(result.ok && result.value.messages[0]?.timestamp.toISOString()).toBe('2026-06-01T11:59:50.000Z');
  });
  it('strips what Postgres and object prototypes cannot take', () => {
    const result = parseIngestBody(
      '{"userId":"u\\u0000","event":"e","properties":{"__proto__":{"x":1},"s":"a\\ud800b"}}',
      'track',
      options,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.messages[0]?.userId).toBe('u');
    expect(result.value.messages[0]?.properties).toEqual({ s: 'a\ufffdb' });
    expect(Object.getPrototypeOf(result.value.messages[0]?.properties)).toBe(Object.prototype);
  });
  it('refuses deep nesting with the path', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(
      parseIngestBody(JSON.stringify({ userId: 'u', event: 'e', properties: deep }), 'track', options),
    ).toMatchObject({ ok: false, error: { message: expect.stringContaining('nested deeper') } });
  });
  it('reads the write key from the body and generates missing message ids', () => {
    const result = parseIngestBody(
      '{"writeKey":"wk","batch":[{"type":"identify","userId":7,"traits":{"email":"a@b.co"}}]}',
      'batch',
      options,
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        writeKey: 'wk',
        messages: [{ userId: '7', traits: { email: 'a@b.co' }, messageId: expect.stringMatching(/^gen-/) }],
      },
    });
  });
});
