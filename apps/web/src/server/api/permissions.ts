import type { Role } from '@nudgeflow/db';

/**
 * What each role may do in a workspace, in one table. Every tRPC procedure names one permission
 * (`permittedProcedure(...)` in trpc.ts), so this table is the whole access policy and the role-matrix test
 * reads it to know what to expect.
 *
 * - owner and admin run the workspace (keys, channels, team);
 * - marketers build segments, templates and journeys;
 * - developers integrate: API keys, templates, reading everything; segments stay with marketers;
 * - support reads customers and messages to answer "why did I get this".
 */
export const PERMISSIONS = {
  'workspace.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  'customers.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  // Data-subject requests: support answers "send me my data"; erasing is for those who run the workspace.
  'privacy.export': ['OWNER', 'ADMIN', 'SUPPORT'],
  'privacy.erase': ['OWNER', 'ADMIN'],
  // The first-run checklist on the workspace home: anyone setting the workspace up may put it away.
  'checklist.dismiss': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER'],
  // Who tried to act as a customer (identity verification): support answers "someone changed my email".
  'customers.identityRefusals': ['OWNER', 'ADMIN', 'DEVELOPER', 'SUPPORT'],
  'mailbox.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  'templates.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  // Developers keep templates in code too (the CLI, webhook payloads), so they may write them.
  'templates.write': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER'],
  'journeys.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  // Developers keep journeys in code (the CLI); support reads them to explain a customer's path.
  'journeys.write': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER'],
  'segments.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  'segments.write': ['OWNER', 'ADMIN', 'MARKETER'],
  'apiKeys.read': ['OWNER', 'ADMIN', 'DEVELOPER'],
  'apiKeys.write': ['OWNER', 'ADMIN', 'DEVELOPER'],
  'channels.read': ['OWNER', 'ADMIN', 'DEVELOPER'],
  // Developers wire the shop to Nudgeflow (write key, SMTP, SMS provider, webhook receivers).
  'channels.write': ['OWNER', 'ADMIN', 'DEVELOPER'],
  'governance.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  'governance.write': ['OWNER', 'ADMIN'],
  // Everyone sees who is on the team (who to ask); owners and admins invite, change roles and remove.
  'team.read': ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'],
  'team.write': ['OWNER', 'ADMIN'],
  'identityVerification.read': ['OWNER', 'ADMIN', 'DEVELOPER'],
  // Turning it off, or rotating the secret (which breaks the shop's signatures), runs the workspace.
  'identityVerification.write': ['OWNER', 'ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
