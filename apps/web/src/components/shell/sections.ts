/** The app's sections, in sidebar order. Later issues fill them (canvas, inspector …) without touching the shell. */
export const SECTIONS = [
  { slug: 'journeys', label: 'Journeys' },
  { slug: 'segments', label: 'Segments' },
  { slug: 'templates', label: 'Templates' },
  { slug: 'customers', label: 'Customers' },
  { slug: 'analytics', label: 'Analytics' },
  { slug: 'settings', label: 'Settings' },
  // Only where mail is caught rather than delivered (no SMTP_URL): the SMTP catcher's store.
  { slug: 'mailbox', label: 'Mailbox', onlyWhenMailIsCaught: true },
] as const;
