import { createHmac, timingSafeEqual } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { findEmailSend, recordEmailBounce, recordEmailDelivered, type Db } from '@nudgeflow/db';
import { processComplaint, type ComplaintResult } from './complaints';
import { reportPart } from './report-parts';

/**
 * Email bounces. Each message goes out with a VERP envelope sender, `bounces+<sendId>.<tag>@<bounce
 * domain>`, so a delivery status notification (RFC 3464) names the send it is about; the tag is an HMAC
 * of the send id with the workspace's signing secret, so nobody can fail other people's sends or mark
 * their addresses undeliverable by mailing the bounce mailbox.
 *
 * A hard bounce (5.x.x, at SMTP time or in a DSN) makes the address undeliverable at once. A soft one
 * (4.x.x in a DSN whose action is "failed": the remote MTA gave up) counts; SOFT_BOUNCE_LIMIT of them in
 * a row, with no delivery, open or click in between, make it undeliverable too. "delayed" warnings do
 * not count; a "delivered" report restarts the streak.
 */
export const SOFT_BOUNCE_LIMIT = 3;

const VERP_PREFIX = 'bounces+';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const VERP_LOCAL_PART = new RegExp(`^bounces\\+(${UUID})\\.([0-9a-f]{12})@`, 'i');

function verpTag(sendId: string, secret: string): string {
  return createHmac('sha256', secret).update(`bounce:${sendId}`).digest('hex').slice(0, 12);
}

/** The envelope sender (Return-Path) for one send: 57 characters of local part, under the 64 allowed. */
export function verpAddress(input: { sendId: string; secret: string; domain: string }): string {
  return `${VERP_PREFIX}${input.sendId}.${verpTag(input.sendId, input.secret)}@${input.domain}`;
}

/** The send id and tag a bounce address carries, or null when it is not one of ours. */
export function readVerpAddress(address: string): { sendId: string; tag: string } | null {
  const match = VERP_LOCAL_PART.exec(address.trim());
  return match ? { sendId: match[1]!.toLowerCase(), tag: match[2]!.toLowerCase() } : null;
}

export interface DsnRecipient {
  /** Final-Recipient (else Original-Recipient) address, lower-cased. */
  address: string | null;
  action: string;
  /** Enhanced status code, e.g. "5.1.1". */
  status: string;
  diagnostic: string | null;
}

export interface DeliveryReport {
  kind: 'delivery-status';
  recipients: DsnRecipient[];
  /** Addresses the report was sent to (To, Delivered-To, X-Original-To) — where the VERP address is. */
  addressedTo: string[];
}

/** Parses an RFC 3464 report (multipart/report; report-type=delivery-status), or returns null. */
export async function parseDeliveryReport(raw: Buffer | string): Promise<DeliveryReport | null> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true, skipImageLinks: true });
  } catch {
    return null;
  }
  const contentType = mail.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.toLowerCase() !== 'multipart/report') return null;
  if ((contentType.params?.['report-type'] ?? '').toLowerCase() !== 'delivery-status') return null;
  const statusText = await reportPart(
    raw,
    contentType.params?.boundary ?? '',
    /^message\/(global-)?delivery-status$/i,
  );
  if (statusText === null) return null;
  const recipients = parseStatusFields(statusText);
  if (recipients.length === 0) return null;
  return { kind: 'delivery-status', recipients, addressedTo: addressesOf(mail) };
}

/** The per-recipient field groups of a message/delivery-status body (the first group is per-message). */
function parseStatusFields(text: string): DsnRecipient[] {
  const groups = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ') // unfold continuation lines
    .split(/\n\s*\n/)
    .map((group) => {
      const fields = new Map<string, string>();
      for (const line of group.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      return fields;
    });
  return groups
    .filter((fields) => fields.has('action') && fields.has('status'))
    .map((fields) => {
      const recipient = fields.get('final-recipient') ?? fields.get('original-recipient') ?? '';
      const address = recipient.includes(';')
        ? recipient.slice(recipient.indexOf(';') + 1).trim()
        : recipient;
      return {
        address: address ? address.replace(/^<|>$/g, '').toLowerCase() : null,
        action: (fields.get('action') ?? '').toLowerCase(),
        status: /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0] ?? '',
        diagnostic:
          fields
            .get('diagnostic-code')
            ?.replace(/^[a-z-]+;\s*/i, '')
            .slice(0, 300) ?? null,
      };
    });
}

function addressesOf(mail: ParsedMail): string[] {
  const found: string[] = [];
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  for (const group of to) for (const entry of group.value) if (entry.address) found.push(entry.address);
  for (const name of ['delivered-to', 'x-original-to', 'envelope-to']) {
    const value = mail.headers.get(name);
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : '';
    for (const piece of text.split(',')) if (piece.trim()) found.push(piece.trim().replace(/^<|>$/g, ''));
  }
  return found;
}

export type BounceProcessingResult =
  | { status: 'not-a-report' }
  | ComplaintResult
  | { status: 'unknown-send'; reason: string }
  | {
      status: 'processed';
      sendId: string;
      outcomes: {
        address: string;
        result: 'hard' | 'soft' | 'delivered' | 'ignored';
        undeliverable: boolean;
      }[];
    };

/**
 * Processes a message that reached the bounce mailbox: a DSN about one of our sends (found by the VERP
 * address it was sent to, `envelopeTo` when the receiving server knows it) becomes `bounced` or
 * `delivered` receipts and updates the address's standing. Anything else is left alone.
 */
export async function processBounceMessage(
  db: Db,
  raw: Buffer | string,
  options: { envelopeTo?: string[]; softBounceLimit?: number } = {},
): Promise<BounceProcessingResult> {
  const report = await parseDeliveryReport(raw);
  if (!report) return (await processComplaint(db, raw)) ?? { status: 'not-a-report' };
  const verp = [...(options.envelopeTo ?? []), ...report.addressedTo]
    .map(readVerpAddress)
    .find((value) => value !== null);
  if (!verp) return { status: 'unknown-send', reason: 'addressed to no VERP bounce address' };
  const send = await findEmailSend(db, verp.sendId);
  if (!send || send.channel !== 'email') return { status: 'unknown-send', reason: 'no such email send' };
  const expected = Buffer.from(verpTag(send.id, send.customer.workspace.signingSecret));
  if (!timingSafeEqual(expected, Buffer.from(verp.tag.padEnd(expected.length).slice(0, expected.length)))) {
    return { status: 'unknown-send', reason: 'the bounce address tag does not verify' };
  }
  const outcomes: Extract<BounceProcessingResult, { status: 'processed' }>['outcomes'] = [];
  for (const recipient of report.recipients) {
    // The report's own recipient: the customer may have changed address since.
    const address = recipient.address ?? send.customer.email?.toLowerCase() ?? null;
    if (!address) continue;
    if (recipient.action === 'delivered' || recipient.action === 'relayed') {
      await recordEmailDelivered(db, { workspaceId: send.workspaceId, sendId: send.id, address });
      outcomes.push({ address, result: 'delivered', undeliverable: false });
      continue;
    }
    if (recipient.action !== 'failed' || !/^[45]\./.test(recipient.status)) {
      outcomes.push({ address, result: 'ignored', undeliverable: false });
      continue;
    }
    const kind = recipient.status.startsWith('5.') ? 'hard' : 'soft';
    const recorded = await recordEmailBounce(db, {
      workspaceId: send.workspaceId,
      sendId: send.id,
      address,
      kind,
      reason: [recipient.status, recipient.diagnostic].filter(Boolean).join(' '),
      detail: { source: 'dsn', status: recipient.status, action: recipient.action },
      softBounceLimit: options.softBounceLimit ?? SOFT_BOUNCE_LIMIT,
      failSend: send.status === 'SENT' || send.status === 'DELIVERED',
    });
    outcomes.push({ address, result: kind, undeliverable: recorded.undeliverable });
  }
  return { status: 'processed', sendId: send.id, outcomes };
}
