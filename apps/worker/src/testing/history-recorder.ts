import { writeFile } from 'node:fs/promises';
import { historyToFixture, REPLAY_FIXTURES_DIR as fixtures } from '@nudgeflow/workflows/testing';
import type { JourneyHarness } from './journey-harness';

/**
 * What the fixture recorders (record-histories.ts, record-follow-up-histories.ts) share: wait for a run to
 * end, and write its history as a replay fixture under workflows/test/fixtures (`prefix` marks histories
 * recorded by an older interpreter, e.g. `pre-patch-`).
 */
export function historyRecorder(h: JourneyHarness, prefix = '') {
  return {
    finished(journeyId: string, customerId: string) {
      return h.waitFor(
        async () => {
          const run = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
          return run && run.status !== 'RUNNING' ? run : undefined;
        },
        'run to finish',
        60_000,
      );
    },
    async save(name: string, runId: string) {
      await h.client.workflow.getHandle(runId).result();
      const history = await h.client.workflow.getHandle(runId).fetchHistory();
      await writeFile(
        `${fixtures}${prefix}${name}.json`,
        `${JSON.stringify(historyToFixture(history), null, 1)}\n`,
      );
      console.log(`recorded ${prefix}${name}`);
    },
  };
}
