import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { defineChannel } from '../define-channel';
import { smsDescriptor } from './descriptor';
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
import { SmsContent } from '../templates/content';
import { SmsSettings } from './settings';
import { renderLiquid } from '../templates/liquid';
import { pickVariant } from '../templates/locale';

/**
 * SMS through any provider that speaks Twilio's Messages API:
 * `POST {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded To/From/Body, HTTP basic auth
 * with the account SID and auth token. Configured per workspace in Settings → Channels (settings.ts; the
 * auth token is stored sealed and reaches the channel opened, in `SendTarget.workspace.channels.sms`).
 */
export { SmsSettings };

export interface SmsMessage {
  body: string;
  locale: string;
}

/** Where the provider posts delivery status for a workspace's messages (apps/web/src/app/api/sms/status). */
export function smsStatusCallbackUrl(publicUrl: string, workspaceId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/sms/status/${workspaceId}`;
}

/** The URL to configure as the number's incoming-message webhook (apps/web/src/app/api/sms/inbound). */
export function smsInboundUrl(publicUrl: string, workspaceId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/sms/inbound/${workspaceId}`;
}

/** The workspace's SMS provider (its opened channel settings), or null when it has none. */
export function smsSettingsOf(channels: Record<string, unknown> | undefined): SmsSettings | null {
  const parsed = SmsSettings.safeParse(channels?.sms);
  return parsed.success ? parsed.data : null;
}

/** Twilio error codes that mean this number cannot be messaged (invalid, landline, opted out). */
const UNREACHABLE_CODES = new Set([21211, 21214, 21408, 21610, 21612, 21614]);

export interface SmsChannelDeps {
  timeoutMs?: number;
  /**
   * Base URL of the web app (env().PUBLIC_URL). When set, every message asks the provider for status
   * callbacks at `smsStatusCallbackUrl(publicUrl, workspaceId)` unless the workspace names its own URL.
   */
  publicUrl?: string;
  /** Overrides env().OUTBOUND_ALLOWLIST (tests allow loopback). */
  allowlist?: string;
}

export function createSmsChannel(deps: SmsChannelDeps = {}): Channel<SmsMessage> {
  return {
    ...smsDescriptor,
    reachability(profile) {
      if (!profile.phone) return { reachable: false, reason: 'no phone number' };
      if (!profile.smsOptIn) return { reachable: false, reason: 'no SMS consent' };
      return { reachable: true };
    },
    async render(
      template: ChannelTemplate,
      context: RenderContext,
      locale: string | null,
    ): Promise<SmsMessage> {
      const content = SmsContent.parse(template.content);
      const { locale: chosen, variant } = pickVariant(content, locale, context.defaultLocale);
      const body = await renderLiquid(
        `variants.${chosen}.body`,
        variant.body,
        context.variables,
        context.mode,
      );
      return { body: body.trim(), locale: chosen };
    },
    async send(message: SmsMessage, _idempotencyKey: string, target: SendTarget): Promise<SendResult> {
      const settings = smsSettingsOf(target.workspace.channels);
      if (!settings)
        return { ok: false, failure: { kind: 'permanent', message: 'SMS provider is not configured' } };
      const to = target.profile.phone;
      if (!to) return { ok: false, failure: { kind: 'unreachable', message: 'no phone number' } };
      const url = `${settings.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
      let checked;
      try {
        checked = await checkOutboundUrl(
          url,
          deps.allowlist === undefined ? {} : { allowlist: deps.allowlist },
        );
      } catch (error) {
        const kind = error instanceof OutboundUrlError ? 'permanent' : 'retryable';
        return { ok: false, failure: { kind, message: (error as Error).message } };
      }
      const form = new URLSearchParams({ To: to, From: settings.from, Body: message.body });
      const statusCallback =
        settings.statusCallbackUrl ??
        (deps.publicUrl ? smsStatusCallbackUrl(deps.publicUrl, target.workspace.id) : undefined);
      if (statusCallback) form.set('StatusCallback', statusCallback);
      const body = form.toString();
      try {
        const response = await outboundRequest(checked, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': String(Buffer.byteLength(body)),
            accept: 'application/json',
          },
          body,
          timeoutMs: deps.timeoutMs ?? 10_000,
        });
        const json = safeJson(response.body);
        if (response.status === 200 || response.status === 201) {
          const sid = typeof json.sid === 'string' ? json.sid : '';
          if (!sid)
            return {
              ok: false,
              failure: { kind: 'retryable', message: 'provider answered without a message sid' },
            };
          return { ok: true, providerId: sid, detail: { status: json.status ?? null } };
        }
        const message = `${response.status} ${typeof json.message === 'string' ? json.message : response.body.slice(0, 200)}`;
        if (typeof json.code === 'number' && UNREACHABLE_CODES.has(json.code)) {
          return { ok: false, failure: { kind: 'unreachable', message } };
        }
        if (response.status === 429 || response.status >= 500)
          return { ok: false, failure: { kind: 'retryable', message } };
        return { ok: false, failure: { kind: 'permanent', message } };
      } catch (error) {
        return { ok: false, failure: { kind: 'retryable', message: (error as Error).message } };
      }
    },
    sendTest(to, workspace) {
      return this.send(
        { body: 'Nudgeflow test message: your SMS provider works.', locale: 'en' },
        `test-${randomUUID()}`,
        {
          workspace,
          sendId: `test-${randomUUID()}`,
          profile: testProfile(workspace.id, { phone: to }),
        },
      );
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Carrier-standard opt-out and opt-in keywords (CTIA). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

export type SmsKeyword = 'stop' | 'start' | 'help' | null;

/** The keyword an inbound text is, if it is one ("stop", " Stop. " → stop; "stop sending me ads" → null). */
export function smsKeyword(body: string): SmsKeyword {
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  if (HELP_WORDS.has(word)) return 'help';
  return null;
}

/**
 * Twilio's request signature: base64 HMAC-SHA1 (auth token) over the full URL followed by every POST
 * parameter name and value, sorted by name. Inbound webhooks must check it before acting.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  url: string;
  params: Record<string, string>;
  signature: string;
}): boolean {
  const data =
    input.url +
    Object.keys(input.params)
      .sort()
      .map((key) => key + input.params[key])
      .join('');
  const expected = Buffer.from(createHmac('sha1', input.authToken).update(data).digest('base64'));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The sms channel's definition (registry.ts lists it). */
export const smsChannel = defineChannel(smsDescriptor, (services) => createSmsChannel(services.sms));
