import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromFixture } from './history-fixture';
import { Worker } from '@temporalio/worker';
import { expect, test } from 'vitest';
import { sharedWorkflowBundle } from '../../apps/worker/src/testing/journey-harness';
import { bundleJourneyWorkflows } from '../../apps/worker/src/worker';

/**
 * Replays recorded journeyRun histories (fixtures/*.json, made by apps/worker/src/testing/record-histories.ts) against the current
 * interpreter. A failure means a change would break runs already in flight: put it behind `patched()`.
 * Needs no server; it lives with the integration tests because bundling the workflows takes seconds.
 */
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

// The tests' shared bundle, and the one the worker process builds (it leaves out unused modules).
const bundles = [
  ['the test bundle', sharedWorkflowBundle],
  ['the worker bundle', bundleJourneyWorkflows],
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
