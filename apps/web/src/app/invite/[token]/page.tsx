import { findInvitationByToken, getDb } from '@nudgeflow/db';
import { headers } from 'next/headers';
import { InviteAccept } from '~/components/team/invite-accept';
import { getSessionUser } from '~/server/auth';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Join a workspace · Nudgeflow', robots: { index: false } };

/**
 * The link in an invitation mail, outside the signed-in shell: the invitee sets a name and password (a new
 * account) or signs in (an existing one) and joins. What it may show comes from the token alone.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitationByToken(getDb(), token);
  const user = await getSessionUser(await headers());
  return (
    <InviteAccept
      token={token}
      invitation={
        invitation
          ? {
              email: invitation.email,
              role: invitation.role,
              status: invitation.status,
              workspaceName: invitation.workspace.name,
              invitedByName: invitation.invitedByName,
              accountExists: invitation.accountExists,
            }
          : null
      }
      signedInEmail={user?.email ?? null}
    />
  );
}
