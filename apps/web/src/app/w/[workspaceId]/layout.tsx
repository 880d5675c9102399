import { getDb, listWorkspacesForUser } from '@nudgeflow/db';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '~/components/shell/app-shell';
import { mailIsCaught } from '~/server/api/routers/mailbox-catcher';
import { getSessionUser } from '~/server/auth';

export const dynamic = 'force-dynamic';

/** The signed-in shell of one workspace. Non-members get a 404, like tRPC's workspace procedures. */
export default async function WorkspaceLayout(props: {
  children: ReactNode;
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await props.params;
  const user = await getSessionUser(await headers());
  if (!user) redirect('/login');
  const memberships = await listWorkspacesForUser(getDb(), user.id);
  if (!memberships.some((membership) => membership.workspace.id === workspaceId)) notFound();
  const workspaces = memberships.map(({ role, workspace }) => ({
    id: workspace.id,
    name: workspace.name,
    role,
  }));
  return (
    <AppShell
      workspaceId={workspaceId}
      workspaces={workspaces}
      userEmail={user.email}
      mailIsCaught={mailIsCaught()}
    >
      {props.children}
    </AppShell>
  );
}
