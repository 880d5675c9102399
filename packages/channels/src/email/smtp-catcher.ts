import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { saveCaughtEmail, type Db } from '@nudgeflow/db';
import { processBounceMessage, readVerpAddress } from './bounces';

export interface SmtpCatcher {
  port: number;
  close(): Promise<void>;
}

/**
 * The development mail catcher: an SMTP server that accepts everything (no auth, no TLS, loopback only)
 * and stores each message, parsed, in CaughtEmail, where the app can show it. It is the bounce mailbox
 * too: a message to a VERP bounce address (email/bounces.ts) is processed as a delivery report. Started by the dev stack or
 * the worker in development with SMTP_URL=smtp://127.0.0.1:<port>. Never for production.
 */
export async function startSmtpCatcher(options: {
  port: number;
  db: Db;
  host?: string;
}): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw)
          .then((mail) =>
            saveCaughtEmail(options.db, {
              workspaceId: uuidOrNull(headerText(mail.headers.get('x-nudgeflow-workspace'))),
              messageId: mail.messageId ?? null,
              from: mail.from?.text ?? '',
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
              text: mail.text ?? null,
              headers: Object.fromEntries(
                [...mail.headers.keys()].map((key) => [key, headerText(mail.headers.get(key))]),
              ),
              sizeBytes: raw.length,
            }),
          )
          .then(async () => {
            const envelopeTo = session.envelope.rcptTo.map((to) => to.address);
            // Reports come to a VERP address (DSNs) or to the feedback-loop address (complaints).
            const isReport = /^multipart\/report\b/i.test(contentTypeOf(raw));
            if (isReport || envelopeTo.some((address) => readVerpAddress(address))) {
              await processBounceMessage(options.db, raw, { envelopeTo });
            }
          })
          .then(
            () => callback(),
            (error: Error) => callback(error),
          );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  if (value && typeof value === 'object' && 'value' in value)
    return String((value as { value: unknown }).value);
  return value === undefined ? '' : JSON.stringify(value);
}

function uuidOrNull(value: string): string | null {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null;
}

/** The top-level Content-Type of a raw message (its header block only). */
function contentTypeOf(raw: Buffer): string {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return /^content-type:\s*([^\r\n]*)/im.exec(headers)?.[1] ?? '';
}
