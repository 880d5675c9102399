import { Center } from '@mantine/core';
import { getDb, listWorkspacesForUser } from '@nudgeflow/db';
import { Building2 } from 'lucide-react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { EmptyState } from '../components/empty-state/empty-state';
import { getSessionUser } from '../server/auth';

export const dynamic = 'force-dynamic';

/** Signed in: the first workspace's journeys. Signed out: the login page. */
export default async function HomePage() {
  const user = await getSessionUser(await headers());
  if (!user) redirect('/login');
  const [first] = await listWorkspacesForUser(getDb(), user.id);
  if (first) redirect(`/w/${first.workspace.id}/journeys`);
  return (
    <Center component="main" mih="100vh" p="md">
      <EmptyState icon={Building2} title="No workspace yet">
        You are signed in as {user.email} but belong to no workspace yet. Ask a workspace owner to invite you.
      </EmptyState>
    </Center>
  );
}
