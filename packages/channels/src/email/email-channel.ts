import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { recordEmailBounce, type Db } from '@nudgeflow/db';
import { defineChannel } from '../define-channel';
import { emailDescriptor } from './descriptor';
import type { Channel, ChannelTemplate, RenderContext, SendResult, SendTarget } from '../channel';
import { EmailContent } from '../templates/content';
import { renderLiquid } from '../templates/liquid';
import { pickVariant } from '../templates/locale';
import { compileEmailContent, compiledHtml } from './compile';
import { SOFT_BOUNCE_LIMIT, verpAddress } from './bounces';
import { htmlToText } from './html-text';
import { sanitizeEmailHtml } from './sanitize';
import { SmtpSettings } from './settings';

export interface EmailMessage {
  subject: string;
  html: string;
  text: string;
  from: string;
  replyTo?: string;
  locale: string;
  listUnsubscribe: string;
}

export interface EmailChannelDeps {
  /**
   * The server's SMTP: a nodemailer transport, or an SMTP URL (env().SMTP_URL) to pool connections to.
   * A workspace with its own SMTP server (Settings → Channels) sends through that instead; a workspace
   * with neither gets a permanent failure naming both.
   */
  transport?: Transporter | string;
  /** Fallback sender when neither the template nor workspace settings name one. */
  defaultFrom?: string;
  /**
   * Domain of the bounce mailbox: messages go out with the VERP envelope sender
   * `bounces+<sendId>.<tag>@<domain>` (email/bounces.ts). `Workspace.settings.email.bounceDomain` wins.
   * Without either, bounces go to the From address and only rejections at send time are seen.
   */
  bounceDomain?: string;
  /** Where bounces at send time are recorded (a `bounced` receipt, the address's standing). */
  db?: Db;
  /** Registers closing the pooled connections to workspaces' own SMTP servers. */
  onClose?(close: () => void): void;
}

/** One pooled transport per workspace SMTP configuration; a changed configuration gets a new pool. */
class WorkspaceTransports {
  private readonly pools = new Map<string, { fingerprint: string; transport: Transporter }>();

  for(workspaceId: string, settings: SmtpSettings): Transporter {
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    const pooled = this.pools.get(workspaceId);
    if (pooled?.fingerprint === fingerprint) return pooled.transport;
    pooled?.transport.close();
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
    } as never);
    this.pools.set(workspaceId, { fingerprint, transport });
    return transport;
  }

  close(): void {
    for (const { transport } of this.pools.values()) transport.close();
    this.pools.clear();
  }
}

const NO_SMTP = 'no SMTP server: set one in Settings → Channels, or SMTP_URL on the server';

/**
 * Email over SMTP. Rendering: the MJML compiled at save (Template.compiled, per locale) is rendered with
 * Liquid per recipient with HTML escaping, then sanitised (sanitize.ts); links are wrapped in click tracking and an open pixel is
 * appended; the text part comes from the template's text variant or from the HTML. Every message carries
 * RFC 8058 one-click unsubscribe headers pointing at a signed link.
 */
export function createEmailChannel(deps: EmailChannelDeps): Channel<EmailMessage> {
  const serverTransport =
    typeof deps.transport === 'string'
      ? nodemailer.createTransport(deps.transport, { pool: true, maxConnections: 5 } as never)
      : deps.transport;
  const workspaceTransports = new WorkspaceTransports();
  deps.onClose?.(() => workspaceTransports.close());
  /** The workspace's own SMTP server when it has one, else the server's. */
  const transportFor = (workspace: SendTarget['workspace']): Transporter | undefined => {
    const own = SmtpSettings.safeParse(workspace.channels.email);
    return own.success ? workspaceTransports.for(workspace.id, own.data) : serverTransport;
  };
  return {
    ...emailDescriptor,
    reachability(profile) {
      if (!profile.email) return { reachable: false, reason: 'no email address' };
      if (!profile.emailOptIn) return { reachable: false, reason: 'no email consent' };
      if (profile.emailUndeliverable)
        return { reachable: false, reason: `email address undeliverable (${profile.emailUndeliverable})` };
      return { reachable: true };
    },
    async render(
      template: ChannelTemplate,
      context: RenderContext,
      locale: string | null,
    ): Promise<EmailMessage> {
      const content = EmailContent.parse(template.content);
      const { locale: chosen, variant } = pickVariant(content, locale, context.defaultLocale);
      const field = (name: string) => `variants.${chosen}.${name}`;
      const variables = {
        ...context.variables,
        unsubscribe_url: context.links.unsubscribeUrl,
        preferences_url: context.links.preferencesUrl,
      };
      if (context.mode === 'preview') {
        // Strict errors must point at lines of the MJML the marketer wrote, not of the compiled HTML.
        await renderLiquid(field('mjml'), variant.mjml, variables, 'preview', 'html');
      }
      let source = compiledHtml(template.compiled, chosen);
      if (source === null) {
        // Saved without compiling (e.g. inserted directly): compile now rather than fail the send.
        const compiled = await compileEmailContent(content);
        if (!compiled.ok)
          throw new Error(`email template does not compile: ${compiled.errors[0]?.message ?? ''}`);
        source = compiled.compiled.html[chosen] ?? '';
      }
      let html = sanitizeEmailHtml(
        await renderLiquid(field('mjml'), source, variables, context.mode, 'html'),
      );
      if (content.tracking) html = addTracking(html, context);
      const text = variant.text
        ? await renderLiquid(field('text'), variant.text, variables, context.mode)
        : htmlToText(html);
      const subject = (await renderLiquid(field('subject'), variant.subject, variables, context.mode))
        .replace(/\s+/g, ' ')
        .trim();
      const settings = context.sender;
      const fromAddress =
        content.fromAddress ?? settings.fromAddress ?? deps.defaultFrom ?? 'no-reply@localhost';
      const fromName = content.fromName ?? settings.fromName;
      return {
        subject,
        html,
        text: `${text}\n\n—\nUnsubscribe: ${context.links.unsubscribeUrl}\nPreferences: ${context.links.preferencesUrl}`,
        from: fromName ? `"${fromName.replace(/"/g, '')}" <${fromAddress}>` : fromAddress,
        ...(content.replyTo ? { replyTo: content.replyTo } : {}),
        locale: chosen,
        listUnsubscribe: context.links.unsubscribeUrl,
      };
    },
    async send(message: EmailMessage, idempotencyKey: string, target: SendTarget): Promise<SendResult> {
      const to = target.profile.email;
      if (!to) return { ok: false, failure: { kind: 'unreachable', message: 'no email address' } };
      const messageId = `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@nudgeflow>`;
      const bounceDomain = bounceDomainOf(target.workspace.settings) ?? deps.bounceDomain;
      const transport = transportFor(target.workspace);
      if (!transport) return { ok: false, failure: { kind: 'permanent', message: NO_SMTP } };
      try {
        const info = await transport.sendMail({
          from: message.from,
          to,
          ...(bounceDomain
            ? {
                envelope: {
                  from: verpAddress({
                    sendId: target.sendId,
                    secret: target.workspace.signingSecret,
                    domain: bounceDomain,
                  }),
                  to: [to],
                },
              }
            : {}),
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId,
          headers: {
            // RFC 8058: the POST to this URL unsubscribes without any further step.
            'List-Unsubscribe': `<${message.listUnsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'X-Nudgeflow-Workspace': target.workspace.id,
            'X-Nudgeflow-Send': target.sendId,
          },
        });
        if (info.rejected.length > 0) {
          return {
            ok: false,
            failure: { kind: 'unreachable', message: `recipient rejected: ${info.response}` },
          };
        }
        return { ok: true, providerId: info.messageId || messageId, detail: { response: info.response } };
      } catch (error) {
        const failure = classifySmtpError(error);
        if (failure.bounce && deps.db) {
          await recordEmailBounce(deps.db, {
            workspaceId: target.workspace.id,
            sendId: target.sendId,
            address: to,
            kind: 'hard',
            reason: failure.bounce,
            detail: { source: 'smtp' },
            softBounceLimit: SOFT_BOUNCE_LIMIT,
            // Still PENDING: the sender passes it to the next channel or records the skip.
            failSend: false,
          });
        }
        return { ok: false, failure: { kind: failure.kind, message: failure.message } };
      }
    },
    async sendTest(to, workspace) {
      const transport = transportFor(workspace);
      if (!transport) return { ok: false, failure: { kind: 'permanent', message: NO_SMTP } };
      const own = SmtpSettings.safeParse(workspace.channels.email);
      const from =
        (own.success ? own.data.fromAddress : undefined) ?? deps.defaultFrom ?? 'no-reply@localhost';
      try {
        const info = await transport.sendMail({
          from,
          to,
          subject: 'Nudgeflow test email',
          text: 'This is a test from Settings → Channels: your SMTP settings work.',
          html: '<p>This is a test from Settings → Channels: your SMTP settings work.</p>',
          headers: { 'X-Nudgeflow-Workspace': workspace.id, 'X-Nudgeflow-Test': '1' },
        });
        if (info.rejected.length > 0)
          return {
            ok: false,
            failure: { kind: 'unreachable', message: `recipient rejected: ${info.response}` },
          };
        return { ok: true, providerId: info.messageId, detail: { response: info.response } };
      } catch (error) {
        const failure = classifySmtpError(error);
        return { ok: false, failure: { kind: failure.kind, message: failure.message } };
      }
    },
  };
}

function bounceDomainOf(settings: Record<string, unknown>): string | undefined {
  const email = settings.email;
  const domain =
    email && typeof email === 'object' ? (email as Record<string, unknown>).bounceDomain : undefined;
  return typeof domain === 'string' && /^[a-z0-9.-]+$/i.test(domain) ? domain : undefined;
}

interface SmtpFailure {
  kind: 'permanent' | 'retryable' | 'unreachable';
  message: string;
  /** Set for a permanent refusal of the recipient (a hard bounce at send time): code and text. */
  bounce?: string;
}

/**
 * A 5xx answer to RCPT TO is the receiving server saying this mailbox will never take mail (hard bounce);
 * 5xx elsewhere refuses this message, not the address; 4xx is temporary (greylisting, full queue).
 */
function classifySmtpError(error: unknown): SmtpFailure {
  const smtp = error as {
    responseCode?: number;
    message?: string;
    code?: string;
    command?: string;
    response?: string;
  };
  const message = smtp.message ?? String(error);
  if (typeof smtp.responseCode === 'number') {
    const recipientRefused = smtp.code === 'EENVELOPE' || /^RCPT/i.test(smtp.command ?? '');
    if (smtp.responseCode >= 500 && recipientRefused) {
      const bounce = (smtp.response ?? message).replace(/\s+/g, ' ').trim().slice(0, 300);
      return { kind: 'unreachable', message: `hard bounce: ${bounce}`, bounce };
    }
    if (smtp.responseCode >= 500) return { kind: 'permanent', message };
    return { kind: 'retryable', message };
  }
  if (smtp.code === 'EENVELOPE') return { kind: 'unreachable', message };
  return { kind: 'retryable', message };
}

/** Wraps http(s) links in click tracking (except the unsubscribe links) and appends the open pixel. */
function addTracking(html: string, context: RenderContext): string {
  const untracked = new Set([context.links.unsubscribeUrl, context.links.preferencesUrl]);
  const tracked = html.replace(
    /(<a\b[^>]*?\shref=")(https?:\/\/[^"]+)(")/gi,
    (match, before: string, url: string, after: string) => {
      const decoded = url.replace(/&amp;/g, '&');
      if (untracked.has(decoded)) return match;
      return `${before}${context.links.trackClick(decoded).replace(/&/g, '&amp;')}${after}`;
    },
  );
  const pixel = `<img src="${context.links.openPixelUrl}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  return /<\/body>/i.test(tracked) ? tracked.replace(/<\/body>/i, `${pixel}</body>`) : tracked + pixel;
}

/** The email channel's definition (registry.ts lists it). */
export const emailChannel = defineChannel(
  emailDescriptor,
  // Always built: a workspace may bring its own SMTP server even where the server has none.
  (services) => createEmailChannel({ ...services.email, db: services.db, onClose: services.onClose }),
  // MJML → HTML once at save; Liquid inside stays for the send.
  { compile: (content) => compileEmailContent(EmailContent.parse(content)) },
);
