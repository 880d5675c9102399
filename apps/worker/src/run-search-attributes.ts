import type { Connection } from '@temporalio/client';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  TypedSearchAttributes,
  type SearchAttributePair,
} from '@temporalio/common';
import type { Logger } from '@nudgeflow/config';
import { findCustomerById, type Db } from '@nudgeflow/db';
import { RUN_SEARCH_ATTRIBUTES } from '@nudgeflow/journey';

/** The typed keys of RUN_SEARCH_ATTRIBUTES, for the client and for queries in tests. */
export const runSearchAttributeKeys = {
  workspaceId: defineSearchAttributeKey(RUN_SEARCH_ATTRIBUTES.workspaceId.name, SearchAttributeType.KEYWORD),
  journeyId: defineSearchAttributeKey(RUN_SEARCH_ATTRIBUTES.journeyId.name, SearchAttributeType.KEYWORD),
  userId: defineSearchAttributeKey(RUN_SEARCH_ATTRIBUTES.userId.name, SearchAttributeType.KEYWORD),
  journeyVersion: defineSearchAttributeKey(
    RUN_SEARCH_ATTRIBUTES.journeyVersion.name,
    SearchAttributeType.INT,
  ),
};

/**
 * What a new run is tagged with. The user id is read when the run starts: an anonymous customer has none
 * (the attribute is left out), and a later `identify` does not retag runs already going.
 */
export async function runSearchAttributes(
  db: Db,
  run: { workspaceId: string; customerId: string; journeyId: string; journeyVersion: number },
): Promise<TypedSearchAttributes> {
  const customer = await findCustomerById(db, run.workspaceId, run.customerId);
  const pairs: SearchAttributePair[] = [
    { key: runSearchAttributeKeys.workspaceId, value: run.workspaceId },
    { key: runSearchAttributeKeys.journeyId, value: run.journeyId },
    { key: runSearchAttributeKeys.journeyVersion, value: run.journeyVersion },
  ];
  if (customer?.userId) pairs.push({ key: runSearchAttributeKeys.userId, value: customer.userId });
  return new TypedSearchAttributes(pairs);
}

/** temporal.api.enums.v1.IndexedValueType (`@temporalio/common` does not export its encoder). */
const SEARCH_ATTRIBUTE_INDEXED_TYPE = { KEYWORD: 2, INT: 3 } as const;

/**
 * Registers the run search attributes a namespace lacks (a self-hosted cluster, docker-compose), so a new
 * deployment works without a manual step. Where the worker may not (Temporal Cloud: `tcld`), the error says
 * what to run; starting a run with an unregistered attribute would fail every entry.
 */
export async function ensureRunSearchAttributes(
  connection: Connection,
  namespace: string,
  log?: Logger,
): Promise<void> {
  let customAttributes: Record<string, unknown> | null | undefined;
  try {
    ({ customAttributes } = await connection.operatorService.listSearchAttributes({ namespace }));
  } catch (error) {
    // Some hosted services do not offer the operator API to workers; registration is then the operator's.
    log?.warn({ err: error }, 'could not list search attributes; assuming they are registered');
    return;
  }
  const missing = Object.values(RUN_SEARCH_ATTRIBUTES).filter(
    (attribute) => !(attribute.name in (customAttributes ?? {})),
  );
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((attribute) => [
          attribute.name,
          attribute.type === 'Int'
            ? SEARCH_ATTRIBUTE_INDEXED_TYPE.INT
            : SEARCH_ATTRIBUTE_INDEXED_TYPE.KEYWORD,
        ]),
      ),
    });
  } catch (error) {
    const commands = missing
      .map(
        (attribute) =>
          `temporal operator search-attribute create --name ${attribute.name} --type ${attribute.type}`,
      )
      .join('; ');
    throw new Error(
      `Temporal namespace "${namespace}" lacks the run search attributes and the worker may not add them ` +
        `(${String(error)}). Register them once (docs/operations.md): ${commands}`,
    );
  }
}
