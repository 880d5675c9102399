import { getDb, listWorkspacesForUser } from '@nudgeflow/db';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getSessionUser } from '../server/auth';

export const dynamic = 'force-dynamic';

/** Signed in: the first workspace's journeys. Signed out: the login page. */
export default async function HomePage() {
  const user = await getSessionUser(await headers());
  if (!user) redirect('/login');
  const [first] = await listWorkspacesForUser(getDb(), user.id);
  if (first) redirect(`/w/${first.workspace.id}/journeys`);
  return (
    <main className="login">
      <div className="placeholder">
        <p>You are signed in as {user.email} but belong to no workspace yet.</p>
        <p>Ask a workspace owner to invite you.</p>
      </div>
    </main>
  );
}
