'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { authClient } from '~/auth/client';
import { SECTIONS } from './sections';

export interface ShellWorkspace {
  id: string;
  name: string;
  role: string;
}

export function AppShell(props: {
  workspaceId: string;
  workspaces: ShellWorkspace[];
  userEmail: string;
  mailIsCaught?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const base = `/w/${props.workspaceId}`;
  const current = props.workspaces.find((workspace) => workspace.id === props.workspaceId);

  function switchWorkspace(id: string) {
    // Stay in the same section when switching, as people compare workspaces section by section.
    const section = pathname.slice(base.length).split('/')[1] ?? 'journeys';
    router.push(`/w/${id}/${section}`);
  }

  async function signOut() {
    await authClient.signOut();
    router.replace('/login');
    router.refresh();
  }

  return (
    <div className="shell">
      <aside className="shell-nav">
        <div className="shell-brand">Nudgeflow</div>
        <label className="field">
          <span className="muted">Workspace</span>
          <select
            aria-label="Workspace"
            value={props.workspaceId}
            onChange={(event) => switchWorkspace(event.target.value)}
          >
            {props.workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
              </option>
            ))}
          </select>
        </label>
        <nav aria-label="Sections">
          {SECTIONS.filter((section) => !('onlyWhenMailIsCaught' in section) || props.mailIsCaught).map(
            (section) => {
              const href = `${base}/${section.slug}`;
              return (
                <Link
                  key={section.slug}
                  href={href}
                  aria-current={pathname.startsWith(href) ? 'page' : undefined}
                >
                  {section.label}
                </Link>
              );
            },
          )}
        </nav>
        <div className="shell-user">
          <span>{props.userEmail}</span>
          {current ? <span className="muted">{current.role.toLowerCase()}</span> : null}
          <button className="button-quiet" type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </aside>
      <main className="shell-main">{props.children}</main>
    </div>
  );
}
