// `npm test`: everything CI checks, on a fresh machine. Installs what is missing (bootstrap.mjs), then runs
// lint, typecheck and unit tests; starts its own throwaway Postgres and Temporal dev server on free ports
// and runs the integration tests against them; then the browser tests against a production build of the
// web app with a worker. Every stage runs even when an earlier one failed, so one run reports everything.
// Exit code 0 only when every stage passed. Filters: `npm test -- --only=unit,integration [file filter …]`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, BootstrapError, enableTypeScript, root, runMain, say } from './bootstrap.mjs';

const CHROMIUM = '/usr/bin/chromium';
const stageNames = ['format', 'lint', 'typecheck', 'unit', 'integration', 'e2e'];
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const selected = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',') : stageNames);
// Anything else on the command line narrows the vitest stages to matching test files, e.g.
// `npm test -- --only=integration journeys-api` runs one file against the real services.
const fileFilters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const results = [];
// Secrets at rest are sealed with NUDGEFLOW_SECRET_KEY: a throwaway key per run unless one is given, set
// here so the in-process migrations and demo seed and every child (vitest, worker, web app) share it.
process.env.NUDGEFLOW_SECRET_KEY ||= randomBytes(32).toString('base64');

/** Runs a command with inherited output; resolves with its exit code. Killed with us on Ctrl-C. */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

async function checkStage(name, command, args) {
  if (!selected.has(name)) return;
  say(`${name}…`);
  const code = await run(command, args);
  results.push({
    name,
    passed: code === 0 ? 1 : 0,
    failed: code === 0 ? 0 : 1,
    note: code === 0 ? 'ok' : 'failed',
  });
}

async function vitestStage(name, project, env) {
  if (!selected.has(name)) return;
  say(`${name} tests…`);
  const report = path.join(tmpdir(), `nudgeflow-vitest-${project}-${process.pid}.json`);
  const code = await run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--project',
      project,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...fileFilters,
    ],
    env,
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests ?? 0;
    // A file that fails to load has no failed tests, only a failed suite: count those files then.
    failed = json.numFailedTests || json.numFailedTestSuites || 0;
    rmSync(report, { force: true });
  }
  // A crash before any test reported (bad config, import error) still counts as a failure.
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name, passed, failed, note: code === 0 ? 'ok' : 'failed' });
}

function recordFailure(name, error) {
  say(`${name} could not run: ${error instanceof Error ? error.message : String(error)}`);
  results.push({ name, passed: 0, failed: 1, note: 'could not run' });
}

/** Browser tests drive Debian's Chromium; as root we install it, otherwise we say how. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new BootstrapError(
      `Chromium is missing at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\`.`,
    );
  }
  say('Installing Chromium for the browser tests (apt-get install -y chromium)…');
  let result = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    result = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
  }
  if (result.status !== 0 || !existsSync(CHROMIUM))
    throw new BootstrapError('Installing Chromium failed (see above).');
}

function summarise() {
  const passed = results.reduce((sum, stage) => sum + stage.passed, 0);
  const failed = results.reduce((sum, stage) => sum + stage.failed, 0);
  process.stdout.write('\n');
  for (const stage of results) {
    process.stdout.write(
      `  ${stage.failed ? '✗' : '✓'} ${stage.name.padEnd(12)} ${stage.passed} passed, ${stage.failed} failed\n`,
    );
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 && results.length > 0;
}

await runMain(async () => {
  const { temporalCli } = bootstrap({ needTemporalCli: selected.has('integration') || selected.has('e2e') });
  if (selected.has('e2e')) ensureChromium();

  await checkStage('format', process.execPath, [
    path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
    '--check',
    '--log-level=warn',
    '.',
  ]);
  await checkStage('lint', process.execPath, [
    path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
    '.',
  ]);
  await checkStage('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  await vitestStage('unit', 'unit', { ...process.env, NODE_ENV: 'test' });

  if (selected.has('integration') || selected.has('e2e')) {
    await enableTypeScript();
    const devstack = await import('@nudgeflow/devstack');
    const tmp = devstack.makeTempDir('nudgeflow-test');
    let interrupted = false;
    const stopAll = async () => {
      await Promise.all(devstack.runningServices().map((service) => devstack.stopService(service)));
      rmSync(tmp, { recursive: true, force: true });
    };
    const onSignal = () => {
      if (interrupted) return;
      interrupted = true;
      say('Interrupted: stopping the test services…');
      void stopAll().then(() => process.exit(130));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      say('Starting a throwaway Postgres and Temporal dev server…');
      const [postgres, temporal] = await Promise.all([
        devstack.startPostgres({ dataDir: path.join(tmp, 'postgres'), port: await devstack.freePort() }),
        devstack.startTemporal({ cliPath: temporalCli, logFile: path.join(tmp, 'temporal.log') }),
      ]);

      const baseEnv = {
        ...process.env,
        NODE_ENV: 'test',
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_CLI_PATH: temporalCli,
        // Tests share one client address and few workspaces: the public rate limits would trip them. The
        // rate-limit test sets its own limits and clock.
        RATE_LIMIT_WORKSPACE_PER_SECOND: '1000000000',
        RATE_LIMIT_WORKSPACE_BURST: '1000000000',
        RATE_LIMIT_ADDRESS_PER_SECOND: '1000000000',
        RATE_LIMIT_ADDRESS_BURST: '1000000000',
      };

      if (selected.has('integration')) {
        await postgres.createDatabase('nudgeflow_test');
        const databaseUrl = postgres.url('nudgeflow_test');
        await devstack.applyMigrations(databaseUrl);
        await vitestStage('integration', 'integration', { ...baseEnv, DATABASE_URL: databaseUrl });
      }

      const specs = existsSync(path.join(root, 'e2e'))
        ? readdirSync(path.join(root, 'e2e')).filter((file) => file.endsWith('.spec.ts'))
        : [];
      if (selected.has('e2e') && specs.length === 0) {
        say('No browser tests (e2e/*.spec.ts) yet: skipping the web build for them.');
        results.push({ name: 'e2e', passed: 0, failed: 0, note: 'no spec files' });
      } else if (selected.has('e2e')) {
        try {
          // Its own database and a running worker + web app, as a user would have them after `npm start`.
          await postgres.createDatabase('nudgeflow_e2e');
          const databaseUrl = postgres.url('nudgeflow_e2e');
          await devstack.applyMigrations(databaseUrl);
          await devstack.seedDemoWorkspace(databaseUrl);
          const port = await devstack.freePort();
          const appEnv = {
            ...baseEnv,
            DATABASE_URL: databaseUrl,
            PORT: String(port),
            PUBLIC_URL: `http://127.0.0.1:${port}`,
            AUTH_SECRET: devstack.authSecret(tmp, undefined),
            NUDGEFLOW_DATA_DIR: tmp,
          };
          say('Building the web app if its sources changed…');
          await devstack.buildWebIfStale({
            env: appEnv,
            logFile: path.join(tmp, 'web-build.log'),
            echo: process.stdout,
          });
          const readEnv = (await import('@nudgeflow/config')).readEnv(appEnv);
          await Promise.all([
            devstack.startWorker({
              env: appEnv,
              temporalAddress: temporal.address,
              namespace: readEnv.TEMPORAL_NAMESPACE,
              taskQueue: readEnv.TEMPORAL_TASK_QUEUE,
              logFile: path.join(tmp, 'worker.log'),
            }),
            devstack.startWeb({ port, env: appEnv, logFile: path.join(tmp, 'web.log') }),
          ]);

          await vitestStage('e2e', 'e2e', appEnv);
        } catch (error) {
          recordFailure('e2e', error);
        }
      }
    } catch (error) {
      recordFailure(selected.has('integration') ? 'integration' : 'e2e', error);
    } finally {
      say('Stopping the test services…');
      await stopAll();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }

  process.exit(summarise() ? 0 : 1);
});
