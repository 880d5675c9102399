import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_RESPONSE_BODY_LIMIT, type WebhookResponse } from '@nudgeflow/journey';
import { defineChannel } from '../define-channel';
import { webhookDescriptor } from './descriptor';
import {
  testProfile,
  type Channel,
  type ChannelTemplate,
  type RenderContext,
  type SendResult,
  type SendTarget,
} from '../channel';
import { checkOutboundUrl, OutboundUrlError } from '../outbound-guard';
import { outboundRequest } from '../outbound-http';
import { WebhookContent } from '../templates/content';
import { renderLiquid } from '../templates/liquid';
import { pickVariant } from '../templates/locale';

export interface WebhookMessage {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxAttempts: number;
}

export interface WebhookChannelDeps {
  /** Extra CA for receivers with a private certificate (tests). */
  ca?: string | Buffer;
  /** Base delay of the exponential backoff between attempts. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Overrides env().OUTBOUND_ALLOWLIST (tests allow loopback). */
  allowlist?: string;
}

export const WEBHOOK_SIGNATURE_HEADER = 'Nudgeflow-Signature';

/**
 * `Nudgeflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, "<t>.<body>")>`, as Stripe
 * does it: the timestamp inside the MAC lets receivers refuse replays older than a few minutes.
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** What a receiver does; exported for docs, tests and plugin authors. */
export function verifyWebhookSignature(
  header: string,
  body: string,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(body, secret, timestamp).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * What is kept of a receiver's answer: the status always, the body only when it is JSON and small. Bodies
 * are data for branches and the inspector, not an archive: a large or non-JSON body is left out.
 */
export function webhookResponse(answer: {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}): WebhookResponse {
  const type = String(answer.headers['content-type'] ?? '');
  if (
    !/\bjson\b/i.test(type) ||
    answer.body.length === 0 ||
    answer.body.length > WEBHOOK_RESPONSE_BODY_LIMIT
  ) {
    return { status: answer.status };
  }
  try {
    return { status: answer.status, body: JSON.parse(answer.body) as unknown };
  } catch {
    return { status: answer.status };
  }
}

export function createWebhookChannel(deps: WebhookChannelDeps = {}): Channel<WebhookMessage> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const backoffMs = deps.backoffMs ?? 500;
  return {
    ...webhookDescriptor,
    reachability: () => ({ reachable: true }),
    async render(
      template: ChannelTemplate,
      context: RenderContext,
      locale: string | null,
    ): Promise<WebhookMessage> {
      const content = WebhookContent.parse(template.content);
      const { locale: chosen, variant } = pickVariant(content, locale, context.defaultLocale);
      const body = await renderLiquid(
        `variants.${chosen}.body`,
        variant.body,
        context.variables,
        context.mode,
      );
      try {
        JSON.parse(body);
      } catch (error) {
        throw new Error(`webhook body is not JSON after rendering: ${(error as Error).message}`);
      }
      return {
        url: content.url,
        headers: content.headers,
        body,
        timeoutMs: content.timeoutMs,
        maxAttempts: content.maxAttempts,
      };
    },
    async send(message: WebhookMessage, idempotencyKey: string, target: SendTarget): Promise<SendResult> {
      let checked;
      try {
        checked = await checkOutboundUrl(
          message.url,
          deps.allowlist === undefined ? {} : { allowlist: deps.allowlist },
        );
      } catch (error) {
        if (error instanceof OutboundUrlError)
          return { ok: false, failure: { kind: 'permanent', message: error.message } };
        return { ok: false, failure: { kind: 'retryable', message: (error as Error).message } };
      }
      let lastProblem = '';
      let lastAnswer: WebhookResponse | undefined;
      for (let attempt = 1; attempt <= message.maxAttempts; attempt += 1) {
        const timestamp = Math.floor(Date.now() / 1000);
        try {
          const response = await outboundRequest(checked, {
            method: 'POST',
            headers: {
              ...message.headers,
              'content-type': 'application/json',
              'user-agent': 'Nudgeflow-Webhook/1',
              'idempotency-key': idempotencyKey,
              [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhook(
                message.body,
                target.workspace.signingSecret,
                timestamp,
              ),
            },
            body: message.body,
            timeoutMs: message.timeoutMs,
            ...(deps.ca ? { ca: deps.ca } : {}),
          });
          const detail = { status: response.status, attempts: attempt };
          const answer = webhookResponse(response);
          if (response.status < 400) {
            return { ok: true, providerId: `http:${response.status}`, detail, response: answer };
          }
          lastProblem = `HTTP ${response.status}`;
          lastAnswer = answer;
          // 408/429 and 5xx may pass on a later attempt; other 4xx will not. A 4xx is the receiver's
          // final word ("422: invalid"): the channel is refused, and the answer is kept for branches.
          if (response.status < 500 && response.status !== 408 && response.status !== 429) {
            return {
              ok: false,
              failure: {
                kind: 'permanent',
                message: `${lastProblem}: ${response.body.slice(0, 200)}`,
                response: answer,
              },
            };
          }
        } catch (error) {
          lastProblem = (error as Error).message;
          lastAnswer = undefined;
        }
        if (attempt < message.maxAttempts) {
          const delay = backoffMs * 4 ** (attempt - 1);
          await sleep(delay + Math.floor(Math.random() * delay * 0.2));
        }
      }
      const gaveUp = `gave up after ${message.maxAttempts} attempts: ${lastProblem}`;
      // The receiver answered every attempt with an error it calls temporary: after the whole backoff
      // schedule that answer is final, so the run moves on (a branch can test the 5xx) instead of being
      // held by activity retries for as long as the receiver stays broken. No answer at all (network,
      // timeout) may be our side: the activity retries and the run waits for the receiver.
      if (lastAnswer) {
        return { ok: false, failure: { kind: 'permanent', message: gaveUp, response: lastAnswer } };
      }
      return { ok: false, failure: { kind: 'retryable', message: gaveUp } };
    },
    sendTest(to, workspace) {
      // One attempt, signed like every webhook, so the receiver's signature check is what is tested.
      const body = JSON.stringify({
        type: 'nudgeflow.test',
        workspaceId: workspace.id,
        sentAt: new Date().toISOString(),
      });
      const message: WebhookMessage = { url: to, headers: {}, body, timeoutMs: 10_000, maxAttempts: 1 };
      return this.send(message, `test-${randomUUID()}`, {
        workspace,
        sendId: `test-${randomUUID()}`,
        profile: testProfile(workspace.id, {}),
      });
    },
  };
}

/** The webhook channel's definition (registry.ts lists it). */
export const webhookChannel = defineChannel(webhookDescriptor, (services) =>
  createWebhookChannel(services.webhook),
);
