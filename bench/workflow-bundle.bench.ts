/**
 * Workflow bundle: CPU per journeyRun workflow created, with the bundle the worker builds
 * (WORKFLOW_BUNDLER_OPTIONS: webpack leaves out the journey/segments modules the workflows never use)
 * against the SDK's default bundle of the same entry. The SDK evaluates every bundled module again for
 * each workflow it creates, so what the bundle holds is paid per customer entry.
 *
 * Both replay the recorded fixtures (workflows/test/fixtures) in this process, no server needed.
 * Run: npm run bench -- workflow-bundle → bench/results/workflow-bundle.json
 */
import { readdir, readFile } from 'node:fs/promises';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { bundleJourneyWorkflows, WORKFLOWS_PATH } from '@nudgeflow/workflows/bundle';
import { historyFromFixture, REPLAY_FIXTURES_DIR as fixtures } from '@nudgeflow/workflows/testing';
import { writeResult } from './harness';

const ROUNDS = Number(process.env.BENCH_BUNDLE_ROUNDS ?? 20);
Runtime.install({ logger: new DefaultLogger('ERROR') });

const files = (await readdir(fixtures)).filter((file) => file.endsWith('.json'));
const histories = await Promise.all(
  files.map(async (file) => historyFromFixture(JSON.parse(await readFile(`${fixtures}${file}`, 'utf8')))),
);

const moduleCount = (bundle: WorkflowBundleWithSourceMap) =>
  (bundle.code.match(/\/\*\*\*\/ "\.\//g) ?? []).length;

/** CPU milliseconds per replayed workflow, the best of three passes (a shared machine adds noise, never removes it). */
async function cpuPerWorkflow(bundle: WorkflowBundleWithSourceMap): Promise<number> {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const batch = Array.from({ length: ROUNDS }, (_, round) =>
      histories.map((history, index) => ({ workflowId: `r${round}-${index}`, history })),
    ).flat();
    const started = process.cpuUsage();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, batch)) {
      if (result.error) throw new Error(`replay of ${result.workflowId} failed: ${String(result.error)}`);
    }
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / batch.length);
  }
  return Math.round(best * 100) / 100;
}

const stock = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined });
const lean = await bundleJourneyWorkflows();
await cpuPerWorkflow(lean); // warm-up: JIT and the replay machinery
const stockCpu = await cpuPerWorkflow(stock);
const leanCpu = await cpuPerWorkflow(lean);

const file = writeResult({
  name: 'workflow-bundle',
  description:
    'CPU per journeyRun workflow (replaying the recorded fixtures) with the bundle the worker builds, against the SDK default bundle of the same workflows, same process, same run.',
  figures: {
    cpuMsPerWorkflow: leanCpu,
    bundledModules: moduleCount(lean),
    workflowsPerPass: ROUNDS * histories.length,
  },
  baseline: { defaultBundleCpuMsPerWorkflow: stockCpu, defaultBundleModules: moduleCount(stock) },
  ratios: { cpuOverDefaultBundle: Math.round((leanCpu / stockCpu) * 100) / 100 },
});
process.stdout.write(
  `workflow-bundle: ${leanCpu} ms CPU per workflow vs ${stockCpu} ms with the default bundle → ${file}\n`,
);
