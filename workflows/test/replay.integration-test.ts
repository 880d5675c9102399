import { readdir, readFile } from 'node:fs/promises';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { expect, test } from 'vitest';
import { bundleJourneyWorkflows, WORKFLOWS_PATH } from '../bundle';
import { historyFromFixture, REPLAY_FIXTURES_DIR as fixtures } from './history-fixture';

/**
 * Replays recorded journeyRun histories (fixtures/*.json, made by apps/worker/src/testing/record-histories.ts) against the current
 * interpreter. A failure means a change would break runs already in flight: put it behind `patched()`.
 * Needs no server; it lives with the integration tests because bundling the workflows takes seconds.
 */

// The bundle every worker (and the tests' harness) builds, which leaves out unused modules, and the SDK's
// default bundle of the same workflows: leaving modules out must not change what a replay does.
const bundles = [
  ['the worker bundle', bundleJourneyWorkflows],
  ['the SDK default bundle', () => bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined })],
] as const;

test.each(bundles)('every recorded history replays without nondeterminism with %s', async (_name, bundle) => {
  const files = (await readdir(fixtures)).filter((file) => file.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(3);
  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromFixture(JSON.parse(await readFile(`${fixtures}${file}`, 'utf8'))),
    })),
  );
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await bundle() }, histories)) {
    results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : null });
  }
  expect(results).toEqual(files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), error: null })));
});
