import { fileURLToPath } from 'node:url';
import proto, { type temporal } from '@temporalio/proto';

/** Where recorded journeyRun histories live (`@nudgeflow/workflows/testing`): every one must replay. */
export const REPLAY_FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * History fixtures are the protobufjs object form of a History (longs, enums and bytes as strings), not
 * proto3 JSON: the SDK's historyToJSON/historyFromJSON fail in this tree (@temporalio/common carries its own
 * protobufjs 8 beside the 7 that @temporalio/proto's classes were built with), while toObject/fromObject
 * stay inside one protobufjs and round-trip exactly.
 */
// A CommonJS package: its namespaces are on the default export when imported from ESM.
const History = proto.temporal.api.history.v1.History;

export function historyToFixture(history: temporal.api.history.v1.IHistory): Record<string, unknown> {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

export function historyFromFixture(fixture: unknown): temporal.api.history.v1.History {
  return History.fromObject(fixture as Record<string, unknown>);
}
