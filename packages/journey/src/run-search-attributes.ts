/**
 * Search attributes every journeyRun execution carries, so support can find a shopper's runs in the
 * Temporal UI or with `temporal workflow list --query 'NudgeflowUserId = "u-123"'` (workflow ids carry
 * internal UUIDs). Declared once here: the dev stack registers them at start (`--search-attribute`), the
 * worker registers any that are missing on a real cluster and sets them on every run it starts;
 * docs/operations.md has the `temporal operator search-attribute create` commands.
 * Types are the CLI's spelling (`Keyword`, `Int`).
 */
export const RUN_SEARCH_ATTRIBUTES = {
  workspaceId: { name: 'NudgeflowWorkspaceId', type: 'Keyword' },
  journeyId: { name: 'NudgeflowJourneyId', type: 'Keyword' },
  /** The customer's own user id (from `identify`/`track`), not our customer UUID; absent for anonymous ones. */
  userId: { name: 'NudgeflowUserId', type: 'Keyword' },
  /** The version the run entered with. */
  journeyVersion: { name: 'NudgeflowJourneyVersion', type: 'Int' },
} as const;
