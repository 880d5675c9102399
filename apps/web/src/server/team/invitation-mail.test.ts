import { describe, expect, it } from 'vitest';
import { invitationEmail } from './invitation-mail';

describe('invitationEmail', () => {
  const input = {
    to: 'casey@shop.test',
    workspaceId: '00000000-0000-4000-8000-000000000001',
    workspaceName: 'Tom & Jerry <Shop>',
    inviterName: 'Olivia "O" Owner',
    role: 'MARKETER' as const,
    acceptUrl: 'http://localhost:3000/invite/abc',
    expiresAt: new Date('2026-12-15T10:00:00Z'),
  };

  it('says who invites whom to what as which role, with the link and its expiry, in both parts', () => {
    const mail = invitationEmail(input);
    expect(mail.subject).toBe('Olivia "O" Owner invited you to Tom & Jerry <Shop> on Nudgeflow');
    expect(mail.text).toContain('join the workspace "Tom & Jerry <Shop>" on Nudgeflow as Marketer');
    expect(mail.text).toContain('Accept the invitation: http://localhost:3000/invite/abc');
    expect(mail.text).toContain('Tue, 15 Dec 2026 10:00:00 GMT');
    expect(mail.html).toContain('<a href="http://localhost:3000/invite/abc">Accept the invitation</a>');
    expect(mail.workspaceId).toBe(input.workspaceId);
  });

  it('escapes names in the HTML part', () => {
    const mail = invitationEmail(input);
    expect(mail.html).toContain('Tom &#38; Jerry &#60;Shop&#62;');
    expect(mail.html).toContain('Olivia &#34;O&#34; Owner');
    expect(mail.html).not.toContain('<Shop>');
  });
});
