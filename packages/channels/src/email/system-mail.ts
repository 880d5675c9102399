import nodemailer from 'nodemailer';

export interface SystemEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The workspace the mail is about: the SMTP catcher files it in that workspace's Mailbox. */
  workspaceId: string;
}

/**
 * Mail the product itself sends to people who use it (team invitations), as opposed to messages to a
 * workspace's customers: no template, consent, caps or tracking, but the same SMTP transport (SMTP_URL, or
 * the catcher in development) and the same X-Nudgeflow-Workspace header the email channel sets.
 */
export async function sendSystemEmail(
  transport: string,
  email: SystemEmail,
  from = 'Nudgeflow <no-reply@localhost>',
): Promise<{ messageId: string }> {
  const transporter = nodemailer.createTransport(transport);
  try {
    const info = await transporter.sendMail({
      from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: { 'X-Nudgeflow-Workspace': email.workspaceId },
    });
    return { messageId: info.messageId };
  } finally {
    transporter.close();
  }
}
