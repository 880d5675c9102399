import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_RESPONSE_BODY_LIMIT } from '@nudgeflow/journey';
import type { SendTarget } from '../channel';
import { startHttpReceiver, type HttpReceiver } from '../../testing/http-receiver';
import { createWebhookChannel, type WebhookMessage } from './webhook-channel';

/** What the webhook channel keeps of a receiver's answer, and which final answers are final. */
describe("webhook channel: the receiver's answer", () => {
  let receiver: HttpReceiver;
  type Script = { status: number; body?: unknown; headers?: Record<string, string> }[];
  const answers = new Map<string, Script>();
  const channel = createWebhookChannel({ allowlist: '127.0.0.1', backoffMs: 1 });
  const target = {
    sendId: '00000000-0000-4000-8000-000000000000',
    workspace: { signingSecret: 'whsec_test' },
  } as unknown as SendTarget;

  beforeAll(async () => {
    receiver = await startHttpReceiver((request) => {
      const script = answers.get(request.url) ?? [];
      return script.length > 1 ? script.shift()! : (script[0] ?? { status: 500 });
    });
  });

  afterAll(async () => {
    await receiver.close();
  });

  function message(path: string, script: Script): WebhookMessage {
    answers.set(path, script);
    return { url: `${receiver.url}${path}`, headers: {}, body: '{"a":1}', timeoutMs: 2000, maxAttempts: 3 };
  }

  it('keeps the status and a small JSON body of a success', async () => {
    const result = await channel.send(
      message('/ok', [{ status: 201, body: { id: 'lead-1' } }]),
      'k1',
      target,
    );
    expect(result).toEqual({
      ok: true,
      providerId: 'http:201',
      detail: { status: 201, attempts: 1 },
      response: { status: 201, body: { id: 'lead-1' } },
    });
  });

  it('keeps only the status when the body is not JSON or too large', async () => {
    const text = await channel.send(
      message('/text', [{ status: 200, body: 'thanks', headers: { 'content-type': 'text/plain' } }]),
      'k2',
      target,
    );
    expect(text).toMatchObject({ ok: true, response: { status: 200 } });
    expect(text.ok && 'body' in text.response!).toBe(false);
    const large = await channel.send(
      message('/large', [{ status: 200, body: { blob: 'x'.repeat(WEBHOOK_RESPONSE_BODY_LIMIT) } }]),
      'k3',
      target,
    );
    expect(large.ok && large.response).toEqual({ status: 200 });
  });

  it('refuses at once on a 4xx, with the answer', async () => {
    const result = await channel.send(
      message('/invalid', [{ status: 422, body: { error: 'bad email' } }]),
      'k4',
      target,
    );
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'permanent',
        message: 'HTTP 422: {"error":"bad email"}',
        response: { status: 422, body: { error: 'bad email' } },
      },
    });
    expect(receiver.requests.filter((request) => request.url === '/invalid')).toHaveLength(1);
  });

  it('retries 5xx, then takes the last answer as final', async () => {
    const recovered = await channel.send(message('/flaky', [{ status: 503 }, { status: 202 }]), 'k5', target);
    expect(recovered).toMatchObject({ ok: true, response: { status: 202 } });
    const down = await channel.send(
      message('/down', [{ status: 503, body: { retry: 'later' } }]),
      'k6',
      target,
    );
    expect(down).toEqual({
      ok: false,
      failure: {
        kind: 'permanent',
        message: 'gave up after 3 attempts: HTTP 503',
        response: { status: 503, body: { retry: 'later' } },
      },
    });
    expect(receiver.requests.filter((request) => request.url === '/down')).toHaveLength(3);
  });

  it('stays retryable when no answer came at all', async () => {
    const closed = createWebhookChannel({ allowlist: '127.0.0.1', backoffMs: 1 });
    const result = await closed.send(
      { url: 'http://127.0.0.1:1/nothing', headers: {}, body: '{}', timeoutMs: 500, maxAttempts: 2 },
      'k7',
      target,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.kind).toBe('retryable');
    expect(!result.ok && result.failure.response).toBeUndefined();
  });
});
