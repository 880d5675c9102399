/** How roles read in the UI (the Role enum of schema.prisma, in the product's words). */
export const ROLE_LABELS = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MARKETER: 'Marketer',
  DEVELOPER: 'Developer',
  SUPPORT: 'Support',
} as const;

export type RoleName = keyof typeof ROLE_LABELS;
export const ROLE_NAMES = Object.keys(ROLE_LABELS) as RoleName[];
