// `npm start`: the whole Nudgeflow stack on this machine. Installs what is missing (see bootstrap.mjs), then
// hands over to packages/devstack, which starts Postgres, Temporal, the worker and the web app and stops
// them all on Ctrl-C. Everything runs in this one Node process plus the services' own processes.
import { bootstrap, enableTypeScript, runMain } from './bootstrap.mjs';

await runMain(async () => {
  const { temporalCli } = bootstrap({ needTemporalCli: !process.env.TEMPORAL_ADDRESS });
  if (temporalCli) process.env.TEMPORAL_CLI_PATH = temporalCli;
  await enableTypeScript();
  await import('@nudgeflow/devstack/cli');
});
