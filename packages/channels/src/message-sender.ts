import {
  claimSend,
  findProducts,
  findSendByKey,
  findTemplates,
  loadSendingContext,
  KNOWN_UNSENT_PREFIX,
  markSendFailed,
  markSendUnsent,
  markSendSent,
  recordSendResponse,
  recordSkippedSend,
  type Db,
} from '@nudgeflow/db';
import {
  messageSendKey,
  type ChannelSkip,
  type MessageOutcome,
  type MessageRequest,
  type WebhookResponse,
} from '@nudgeflow/journey';
import type { Channel, ChannelProfile, ChannelTemplate, ChannelWorkspace, SendTarget } from './channel';
import { capsFor, governanceSettings } from './governance/settings';
import { quietHoursEnd } from './governance/quiet-hours';
import { SendRateLimiter } from './governance/rate-limit';
import { messageLinks } from './links';
import { UNSUBSCRIBED_ALL_REASON } from './reachability';
import { CHANNEL_ID_BY_KIND } from './templates/content';
import { loadTemplateEvents } from './templates/events';
import { MessageAborted, missingVariables, requiredVariables } from './templates/requirements';
import { buildTemplateVariables, productIdsIn } from './templates/variables';

/**
 * Message-node semantics (docs/channels.md):
 * 1. The send record keyed `runId:nodeId:visit` (a follow-up: `runId:nodeId:follow-up:visit`) is the
 *    idempotency guard. A retried activity that finds it SENT returns the same outcome; SKIPPED/FAILED
 *    return the recorded skips.
 * 2. Channels are tried in priority order; a channel is passed over, with the reason recorded, when the
 *    template lacks a variable it `requires` or aborts itself (`{% abort_message %}`), the customer is
 *    unreachable on it, has not consented, is capped, is in quiet hours (mode "skip"), the template fails
 *    to render, or the provider refuses permanently.
 * 3. Consent and caps are checked and the PENDING record written in one transaction under a per-customer
 *    advisory lock (claimSend), before the provider is called.
 * 4. Retryable provider failures throw (the activity retries; the record stays PENDING, marked known-unsent).
 * 5. A receiver's answer (webhooks) is stored on the record, for a 2xx and for a refusal (4xx) alike, and
 *    a sent outcome carries it: branches test its status.
 */
export interface MessageSenderDeps {
  db: Db;
  /** Built-in and plugin channels by id. */
  channels: Channel[];
  /** Base URL of the web app, for signed unsubscribe and tracking links (env().PUBLIC_URL). */
  publicUrl: string;
  rateLimiter?: SendRateLimiter;
  now?: () => Date;
  /**
   * How long a PENDING record without a known outcome is taken to belong to an attempt still in flight
   * (another worker, an activity past its timeout). After it, the record is an interrupted send.
   */
  pendingLeaseMs?: number;
}

export interface MessageSender {
  send(request: MessageRequest): Promise<MessageOutcome>;
}

/** Thrown for failures worth retrying (provider 5xx/429, timeouts, a concurrent attempt in flight). */
export class RetryableSendError extends Error {
  override name = 'RetryableSendError';
}

export function createMessageSender(deps: MessageSenderDeps): MessageSender {
  const channels = new Map(deps.channels.map((channel) => [channel.id, channel]));
  // Sends on these never count toward an "all channels" cap (webhooks reach no person).
  const uncounted = deps.channels.filter((channel) => !channel.countsTowardCaps).map((channel) => channel.id);
  const rateLimiter = deps.rateLimiter ?? new SendRateLimiter();
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.pendingLeaseMs ?? 120_000;

  async function send(request: MessageRequest): Promise<MessageOutcome> {
    const key = messageSendKey(request);
    let takeOverFrom: string | undefined;

    const existing = await findSendByKey(deps.db, key);
    if (existing) {
      const settled = settledOutcome(existing);
      if (settled) return settled;
      // PENDING: a retry after a known-unsent failure, a concurrent attempt, or a crash mid-call.
      if (existing.reason?.startsWith(KNOWN_UNSENT_PREFIX)) {
        takeOverFrom = existing.channel;
      } else if (now().getTime() - existing.createdAt.getTime() < leaseMs) {
        throw new RetryableSendError(`send ${key} is in progress in another attempt`);
      } else if (channels.get(existing.channel)?.onInterrupted === 'resend') {
        takeOverFrom = existing.channel;
      } else {
        const reason =
          'interrupted while calling the provider; outcome unknown, not resent to avoid a duplicate';
        await markSendFailed(deps.db, existing.id, reason);
        return {
          status: 'skipped',
          skipped: [...skipsOf(existing.skipped), { channel: existing.channel, reason }],
        };
      }
    }

    const { workspace, customer } = await loadSendingContext(deps.db, {
      workspaceId: request.workspaceId,
      customerId: request.customerId,
    });
    if (!workspace || !customer) {
      return {
        status: 'skipped',
        skipped: [{ channel: '*', reason: 'customer or workspace no longer exists' }],
      };
    }
    const settings = asRecord(workspace.settings);
    const governance = governanceSettings(settings);
    const channelWorkspace: ChannelWorkspace = { ...workspace, settings };
    const profile: ChannelProfile = {
      customerId: customer.id,
      workspaceId: customer.workspaceId,
      userId: customer.userId,
      email: customer.email,
      emailOptIn: customer.emailOptIn,
      emailUndeliverable: customer.emailUndeliverable,
      phone: customer.phone,
      smsOptIn: customer.smsOptIn,
      unsubscribedAll: customer.unsubscribedAll,
      timezone: customer.timezone,
      locale: customer.locale,
      traits: asRecord(customer.traits),
      pushSubscriptions: customer.pushSubscriptions,
    };
    const templates = new Map(
      (
        await findTemplates(deps.db, {
          workspaceId: request.workspaceId,
          templateIds: [...new Set(request.channels.map((step) => step.templateId))],
        })
      ).map((template) => [template.id, template]),
    );
    const catalog = await findProducts(deps.db, {
      workspaceId: request.workspaceId,
      ids: productIdsIn(request.context),
    });
    const events = await loadTemplateEvents(deps.db, {
      workspaceId: request.workspaceId,
      customerId: request.customerId,
      runId: request.runId,
      templates: [...templates.values()].map((template) => template.content),
    });
    const variables = buildTemplateVariables({
      customer: { ...customer, traits: profile.traits },
      context: request.context,
      catalog,
      events,
    });
    const sender = emailSender(settings, channelWorkspace.channels);

    const skipped: ChannelSkip[] = [];
    const skip = (channel: string, reason: string) => skipped.push({ channel, reason });
    const record = {
      idempotencyKey: key,
      workspaceId: request.workspaceId,
      customerId: request.customerId,
      runId: request.runId,
      journeyId: request.journeyId,
      nodeId: request.nodeId,
    };

    if (profile.unsubscribedAll) {
      skip('*', UNSUBSCRIBED_ALL_REASON);
    } else {
      for (const step of request.channels) {
        const channel = channels.get(step.channel);
        if (!channel) {
          skip(step.channel, 'no such channel');
          continue;
        }
        const stored = templates.get(step.templateId);
        if (!stored || stored.archivedAt) {
          skip(step.channel, `template ${step.templateId} not found`);
          continue;
        }
        const missing = missingVariables(requiredVariables(stored.content), variables);
        if (missing.length > 0) {
          skip(
            step.channel,
            `not sent: the template requires ${missing.join(', ')}, which this customer lacks`,
          );
          continue;
        }
        const reach = channel.reachability(profile);
        if (!reach.reachable) {
          skip(step.channel, reach.reason);
          continue;
        }
        const quiet = governance.quietHours;
        if (
          request.governance.quietHours !== 'ignore' &&
          quiet &&
          channel.interruptive &&
          quiet.channels.includes(channel.id)
        ) {
          const until = quietHoursEnd(quiet, profile.timezone ?? workspace.timezone, now());
          if (until && request.governance.quietHours === 'defer') {
            return { status: 'deferred', until: until.toISOString(), skipped };
          }
          if (until) {
            skip(step.channel, `quiet hours until ${until.toISOString()}`);
            continue;
          }
        }
        const claim = await claimSend(deps.db, {
          ...record,
          channel: channel.id,
          templateId: stored.id,
          topicKey: request.topicKey,
          consent: channel.consent,
          caps:
            request.governance.frequencyCaps && channel.countsTowardCaps
              ? capsFor(governance, channel.id)
              : [],
          uncountedChannels: uncounted,
          skipped,
          ...(takeOverFrom ? { takeOverFrom } : {}),
          now: now(),
        });
        if (claim.kind === 'existing') {
          const settled = settledOutcome(claim.send);
          if (settled) return settled;
          throw new RetryableSendError(`send ${key} is in progress in another attempt`);
        }
        if (claim.kind === 'refused') {
          skip(step.channel, claim.reason);
          if (claim.scope === 'customer') break;
          continue;
        }
        takeOverFrom = channel.id;
        const sendId = claim.sendId;
        const template: ChannelTemplate = {
          id: stored.id,
          channel: channel.id,
          content: stored.content,
          compiled: stored.compiled,
          topicKey: stored.topicKey,
        };
        const links = messageLinks({
          publicUrl: deps.publicUrl,
          workspaceId: workspace.id,
          customerId: customer.id,
          sendId,
          topicKey: request.topicKey,
          secret: workspace.signingSecret,
        });
        let message: unknown;
        try {
          message = await channel.render(
            template,
            { variables, sendId, links, mode: 'send', defaultLocale: workspace.defaultLocale, sender },
            profile.locale,
          );
        } catch (error) {
          skip(
            step.channel,
            error instanceof MessageAborted
              ? `not sent: ${error.message}`
              : `template error: ${(error as Error).message}`,
          );
          continue;
        }
        await rateLimiter.acquire(`${workspace.id}:${channel.id}`, governance.rateLimits[channel.id]);
        const target: SendTarget = { profile, workspace: channelWorkspace, sendId };
        const result = await channel.send(message, key, target);
        const response = result.ok ? result.response : result.failure.response;
        // Before the status changes: a retry that finds the record settled also finds its answer.
        if (response) await recordSendResponse(deps.db, sendId, response);
        if (result.ok) {
          await markSendSent(deps.db, sendId, {
            providerMessageId: result.providerId,
            rendered: { message, ...(result.detail ? { provider: result.detail } : {}) },
            at: now(),
          });
          return { status: 'sent', channel: channel.id, sendId, skipped, ...(response ? { response } : {}) };
        }
        if (result.failure.kind === 'retryable') {
          await markSendUnsent(deps.db, sendId, result.failure.message);
          throw new RetryableSendError(`${channel.id}: ${result.failure.message}`);
        }
        skip(
          step.channel,
          `${result.failure.kind === 'unreachable' ? 'unreachable' : 'refused'}: ${result.failure.message}`,
        );
      }
    }
    if (skipped.length === 0) skip('*', 'the message node has no channels');
    await recordSkippedSend(deps.db, { ...record, skipped });
    return { status: 'skipped', skipped };
  }

  return { send };
}

function settledOutcome(send: {
  id: string;
  channel: string;
  status: string;
  reason: string | null;
  skipped: unknown;
  responseStatus?: number | null;
  responseBody?: unknown;
}): MessageOutcome | null {
  const skipped = skipsOf(send.skipped);
  if (send.status === 'SENT' || send.status === 'DELIVERED') {
    const response: WebhookResponse | undefined =
      typeof send.responseStatus === 'number'
        ? {
            status: send.responseStatus,
            ...(send.responseBody !== null && send.responseBody !== undefined
              ? { body: send.responseBody }
              : {}),
          }
        : undefined;
    return {
      status: 'sent',
      channel: send.channel,
      sendId: send.id,
      skipped,
      ...(response ? { response } : {}),
    };
  }
  if (send.status === 'SKIPPED') return { status: 'skipped', skipped };
  if (send.status === 'FAILED') {
    return {
      status: 'skipped',
      skipped: [...skipped, { channel: send.channel, reason: send.reason ?? 'failed' }],
    };
  }
  return null;
}

function skipsOf(value: unknown): ChannelSkip[] {
  return Array.isArray(value)
    ? value.filter(
        (item): item is ChannelSkip => typeof item?.channel === 'string' && typeof item?.reason === 'string',
      )
    : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The sender of the workspace's email: its settings, else the From address of its own SMTP server. */
function emailSender(
  settings: Record<string, unknown>,
  channels: Record<string, Record<string, unknown>>,
): { fromAddress?: string; fromName?: string } {
  const email = asRecord(settings.email);
  const fromAddress = email.fromAddress ?? channels.email?.fromAddress;
  return {
    ...(typeof fromAddress === 'string' ? { fromAddress } : {}),
    ...(typeof email.fromName === 'string' ? { fromName: email.fromName } : {}),
  };
}

/** Channel id of a Template row. */
export function templateChannelId(template: {
  channel: keyof typeof CHANNEL_ID_BY_KIND | null;
  pluginChannel: string | null;
}): string | null {
  return template.channel ? CHANNEL_ID_BY_KIND[template.channel] : template.pluginChannel;
}
