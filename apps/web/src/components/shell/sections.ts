import {
  BarChart3,
  House,
  Inbox,
  LayoutTemplate,
  Route,
  Settings,
  Users,
  UsersRound,
  type LucideIcon,
} from 'lucide-react';

export interface ShellSection {
  slug: string;
  label: string;
  icon: LucideIcon;
  /** Only where mail is caught rather than delivered (no SMTP_URL): the SMTP catcher's store. */
  onlyWhenMailIsCaught?: boolean;
}

/** The app's sections, in sidebar order. Later issues fill them (canvas, inspector …) without touching the shell. */
export const SECTIONS: readonly ShellSection[] = [
  // The workspace home (its slug is empty): the first-run checklist.
  { slug: '', label: 'Home', icon: House },
  { slug: 'journeys', label: 'Journeys', icon: Route },
  { slug: 'segments', label: 'Segments', icon: UsersRound },
  { slug: 'templates', label: 'Templates', icon: LayoutTemplate },
  { slug: 'customers', label: 'Customers', icon: Users },
  { slug: 'analytics', label: 'Analytics', icon: BarChart3 },
  { slug: 'settings', label: 'Settings', icon: Settings },
  { slug: 'mailbox', label: 'Mailbox', icon: Inbox, onlyWhenMailIsCaught: true },
];
