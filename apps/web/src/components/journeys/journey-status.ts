/** How each journey status looks in the list: its colour and what it means for customers. */
export const JOURNEY_STATUS = {
  DRAFT: { label: 'Draft', color: 'gray', meaning: 'Not published: nobody enters yet.' },
  ACTIVE: { label: 'Live', color: 'green', meaning: 'Customers enter and run.' },
  PAUSED: { label: 'Paused', color: 'yellow', meaning: 'No new entries; customers in it keep going.' },
  ARCHIVED: { label: 'Archived', color: 'dark', meaning: 'Retired: read-only.' },
} as const;
export type JourneyStatus = keyof typeof JOURNEY_STATUS;
