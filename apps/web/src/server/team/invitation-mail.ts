import { sendSystemEmail, type SystemEmail } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import type { Role } from '@nudgeflow/db';
import { testSendSmtpUrl } from '../mailbox/mailbox-catcher';
import { ROLE_LABELS } from './roles';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface InvitationMailInput {
  to: string;
  workspaceId: string;
  workspaceName: string;
  inviterName: string;
  role: Role;
  acceptUrl: string;
  expiresAt: Date;
}

/** The invitation mail: who invites whom to which workspace as what, the link, and when it stops working. */
export function invitationEmail(input: InvitationMailInput): SystemEmail {
  const role = ROLE_LABELS[input.role];
  const expires = input.expiresAt.toUTCString();
  const subject = `${input.inviterName} invited you to ${input.workspaceName} on Nudgeflow`;
  const text = [
    `${input.inviterName} invited you to join the workspace "${input.workspaceName}" on Nudgeflow as ${role}.`,
    '',
    `Accept the invitation: ${input.acceptUrl}`,
    '',
    `The link works once and until ${expires}. If you did not expect this, ignore this mail.`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<p>${escapeHtml(input.inviterName)} invited you to join the workspace <strong>${escapeHtml(input.workspaceName)}</strong> on Nudgeflow as ${escapeHtml(role)}.</p>
<p><a href="${escapeHtml(input.acceptUrl)}">Accept the invitation</a></p>
<p style="color:#666">The link works once and until ${escapeHtml(expires)}. If you did not expect this, ignore this mail.</p>
</body></html>`;
  return { to: input.to, subject, html, text, workspaceId: input.workspaceId };
}

export function acceptUrlFor(token: string): string {
  return new URL(`/invite/${token}`, env().PUBLIC_URL).toString();
}

/** Sends through SMTP_URL, or the catcher in development and tests (then it shows in the Mailbox). */
export async function mailInvitation(input: Omit<InvitationMailInput, 'acceptUrl'> & { token: string }) {
  const { token, ...rest } = input;
  const from = `Nudgeflow <no-reply@${new URL(env().PUBLIC_URL).hostname}>`;
  return sendSystemEmail(
    await testSendSmtpUrl(),
    invitationEmail({ ...rest, acceptUrl: acceptUrlFor(token) }),
    from,
  );
}
