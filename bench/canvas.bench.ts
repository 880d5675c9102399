/**
 * The journey canvas at scale, in headless Chromium (/usr/bin/chromium through playwright-core) against the
 * built web app (`next build` + `next start`, as `npm start` serves it):
 * - open: navigation start → every node React Flow puts in the DOM drawn (measured, visible), for a
 *   1,000-node journey (median of 3 loads after a warm-up load);
 * - pan: frames per second (requestAnimationFrame counted in the page) while the canvas is dragged with
 *   Space held, 4 sweeps of 40 mouse steps; drag: the same while a node near the centre is dragged;
 * - auto-layout of a 500-node journey: in the browser (key `l`: worker round trip, and the worker's own
 *   compute time, from the `nudgeflow:auto-layout` user-timing measure) and the pure layoutJourney in Node.
 *
 * Baseline, same run, same browser, same measurements: a plain React Flow page with 450 default nodes
 * (bench/canvas-baseline/page.tsx, bundled here with esbuild and served statically).
 *
 * Run: npm run bench -- canvas (or `node --import tsx bench/canvas.bench.ts` with DATABASE_URL pointing at a
 * Postgres server) → bench/results/canvas.json. Sizes: BENCH_CANVAS_NODES (1000), BENCH_LAYOUT_NODES (500).
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import pg from 'pg';
import {
  applyMigrations,
  authSecret,
  buildWebIfStale,
  freePort,
  makeTempDir,
  seedDemoWorkspace,
  startWeb,
} from '@nudgeflow/devstack';
import { documentToGraph, JourneyDocument } from '@nudgeflow/journey';
import { launchChromium } from '../e2e/harness';
import { layoutRequestOf } from '@nudgeflow/web/journey-editor/canvas-actions';
import { generatedJourney } from '@nudgeflow/web/journey-editor/generated-journey';
import { layoutJourney } from '@nudgeflow/web/journey-editor/layout';
import { summarise, writeResult } from './harness';

const CANVAS_NODES = Number(process.env.BENCH_CANVAS_NODES ?? 1000);
const LAYOUT_NODES = Number(process.env.BENCH_LAYOUT_NODES ?? 500);
const DATABASE = 'nudgeflow_bench_canvas';
const VIEWPORT = { width: 1600, height: 900 };
const loadAtStart = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;

const median = (values: number[]) => summarise(values).p50;
const round = (value: number) => Math.round(value * 10) / 10;

// ---- Pure layout in Node ----------------------------------------------------------------------------------
const layoutInput = layoutRequestOf(generatedJourney(LAYOUT_NODES), () => ({ width: 260, height: 96 }));
await layoutJourney(layoutInput); // warm-up: elkjs's first run compiles its code paths
const nodeLayoutSamples: number[] = [];
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  await layoutJourney(layoutInput);
  nodeLayoutSamples.push(performance.now() - started);
}

// ---- The app: database, build, server ---------------------------------------------------------------------
const temp = makeTempDir('nudgeflow-bench-canvas');
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('DATABASE_URL (a Postgres server) is required: run through `npm run bench`.');
const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DATABASE}`);
await admin.end();
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${DATABASE}`;
await applyMigrations(databaseUrl.toString());
await seedDemoWorkspace(databaseUrl.toString());

const port = await freePort();
const appEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl.toString(),
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  AUTH_SECRET: authSecret(temp, undefined),
  NUDGEFLOW_DATA_DIR: temp,
};
process.env.DATABASE_URL = appEnv.DATABASE_URL;
const { createDb, createJourney, findWorkspaceBySlug } = await import('@nudgeflow/db');
const db = createDb(appEnv.DATABASE_URL, { max: 2 });
const workspace = await findWorkspaceBySlug(db, 'demo');
if (!workspace) throw new Error('The demo workspace was not seeded.');

/** A generated journey saved as a draft, laid out beforehand as a user would have it. */
async function savedJourney(nodeCount: number, name: string): Promise<string> {
  const journey = generatedJourney(nodeCount);
  const positions = await layoutJourney(layoutRequestOf(journey, () => ({ width: 260, height: 96 })));
  const nodes = journey.nodes.map((node) => ({ ...node, position: positions[node.id]! }));
  // Stored as the canvas stores a draft: the journey graph of the document.
  const draft = documentToGraph(
    JourneyDocument.parse({ format: 'nudgeflow.journey/v1', name, nodes, edges: journey.edges }),
  );
  const created = await createJourney(db, { workspaceId: workspace!.id, name, draft });
  return created.id;
}
const bigJourneyId = await savedJourney(CANVAS_NODES, `Bench canvas ${CANVAS_NODES}`);
const layoutJourneyId = await savedJourney(LAYOUT_NODES, `Bench layout ${LAYOUT_NODES}`);

await buildWebIfStale({ env: appEnv, logFile: path.join(temp, 'web-build.log'), echo: process.stdout });
const web = await startWeb({ port, env: appEnv, logFile: path.join(temp, 'web.log') });

// ---- The baseline page, bundled and served statically -----------------------------------------------------
const baselineDir = path.join(temp, 'baseline');
mkdirSync(baselineDir, { recursive: true });
await build({
  entryPoints: [path.join(import.meta.dirname, 'canvas-baseline', 'page.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir: baselineDir,
  logLevel: 'warning',
});
writeFileSync(
  path.join(baselineDir, 'index.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>React Flow baseline</title>' +
    '<link rel="stylesheet" href="/page.css"><style>body{margin:0}</style></head>' +
    '<body><div id="root"></div><script type="module" src="/page.js"></script></body></html>',
);
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const baselineServer = createServer((request, response) => {
  const name = request.url === '/' ? '/index.html' : (request.url ?? '/');
  try {
    const body = readFileSync(path.join(baselineDir, path.basename(name)));
    response.writeHead(200, { 'Content-Type': types[path.extname(name)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
const baselinePort = await freePort();
await new Promise<void>((resolve) => baselineServer.listen(baselinePort, '127.0.0.1', resolve));

// ---- In the browser -----------------------------------------------------------------------------------------
const browser = await launchChromium();

/** ms from navigation start until at least `expected` nodes are in the DOM and none is still unmeasured. */
async function openAndDraw(page: Page, url: string, expected: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const handle = await page
    .waitForFunction(
      (count) => {
        const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
        if (nodes.length < count) return false;
        for (const node of nodes) if (node.style.visibility === 'hidden') return false;
        return performance.now();
      },
      expected,
      { polling: 'raf', timeout: 120_000 },
    )
    .catch(async (error: Error) => {
      await page.screenshot({ path: path.join(temp, 'open-failure.png') });
      const state = await page.evaluate(() => ({
        nodes: document.querySelectorAll('.react-flow__node').length,
        hidden: [...document.querySelectorAll<HTMLElement>('.react-flow__node')].filter(
          (node) => node.style.visibility === 'hidden',
        ).length,
        text: document.body.innerText.slice(0, 300),
      }));
      throw new Error(`${error.message}; page: ${JSON.stringify(state)}; screenshot in ${temp}`);
    });
  return (await handle.jsonValue()) as number;
}

async function drawnNodes(page: Page): Promise<number> {
  return page.locator('.react-flow__node').count();
}

/** Frames per second and frame intervals while `act` runs, counted with requestAnimationFrame. */
async function framesDuring(page: Page, act: () => Promise<void>) {
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`(() => {
    const bench = { frames: [], running: true };
    window.__frames = bench;
    const tick = (time) => {
      if (!bench.running) return;
      bench.frames.push(time);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  const frames = await page.evaluate(() => {
    const bench = (window as unknown as { __frames: { frames: number[]; running: boolean } }).__frames;
    bench.running = false;
    return bench.frames;
  });
  const intervals = frames.slice(1).map((time, index) => time - frames[index]!);
  const elapsed = frames.at(-1)! - frames[0]!;
  return {
    fps: round(((frames.length - 1) * 1000) / elapsed),
    p95FrameMs: round(summarise(intervals).p95),
    longestFrameMs: round(Math.max(...intervals)),
  };
}

async function sweep(page: Page, fromX: number, fromY: number): Promise<void> {
  await page.mouse.move(fromX, fromY);
  await page.mouse.down();
  for (let pass = 0; pass < 4; pass++) {
    const dx = pass % 2 === 0 ? 400 : 0;
    await page.mouse.move(fromX + dx, fromY + dx / 4, { steps: 40 });
  }
  await page.mouse.up();
}

async function pan(page: Page) {
  await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
  return framesDuring(page, async () => {
    // React Flow pans while Space is held, even when the drag starts on a node.
    await page.keyboard.down('Space');
    await sweep(page, VIEWPORT.width / 3, VIEWPORT.height / 3);
    await page.keyboard.up('Space');
  });
}

async function dragNode(page: Page) {
  const centre = await page.evaluate(() => {
    const middle = { x: window.innerWidth / 2, y: window.innerHeight / 2 };
    let best: { x: number; y: number; distance: number } | null = null;
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const box = node.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const distance = Math.hypot(x - middle.x, y - middle.y);
      if (!best || distance < best.distance) best = { x, y, distance };
    }
    return best!;
  });
  return framesDuring(page, () => sweep(page, centre.x, centre.y));
}

async function measureCanvas(page: Page, url: string) {
  // Warm-up load: the server's caches, and how many nodes React Flow draws at this viewport.
  await openAndDraw(page, url, 1);
  await page.waitForTimeout(1500);
  const drawn = await drawnNodes(page);
  const opens: number[] = [];
  for (let run = 0; run < 3; run++) opens.push(await openAndDraw(page, url, drawn));
  await page.waitForTimeout(1000);
  const panned = await pan(page);
  const dragged = await dragNode(page);
  return { openMs: round(median(opens)), drawn, pan: panned, drag: dragged };
}

let result: Awaited<ReturnType<typeof measureCanvas>>;
let baseline: Awaited<ReturnType<typeof measureCanvas>>;
let inBrowserLayout: { totalMs: number; computeMs: number; where: string };
try {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${appEnv.PUBLIC_URL}/login`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.waitForFunction(() => {
    const form = document.querySelector('form');
    return form !== null && Object.keys(form).some((key) => key.startsWith('__react'));
  });
  await page.fill('input[name=email]', 'admin@nudgeflow.local');
  await page.fill('input[name=password]', 'nudgeflow-demo');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/w\/[0-9a-f-]{36}\//, { timeout: 120_000 });

  result = await measureCanvas(page, `${appEnv.PUBLIC_URL}/w/${workspace.id}/journeys/${bigJourneyId}`);

  await openAndDraw(page, `${appEnv.PUBLIC_URL}/w/${workspace.id}/journeys/${layoutJourneyId}`, 1);
  const layouts: { totalMs: number; computeMs: number; where: string }[] = [];
  for (let run = 0; run < 3; run++) {
    await page.evaluate(() => performance.clearMeasures('nudgeflow:auto-layout'));
    await page.keyboard.press('l');
    const measure = await page.waitForFunction(
      () => {
        const entry = performance.getEntriesByName('nudgeflow:auto-layout')[0] as
          PerformanceMeasure | undefined;
        return entry
          ? { totalMs: entry.duration, ...(entry.detail as { computeMs: number; where: string }) }
          : false;
      },
      null,
      { timeout: 60_000 },
    );
    layouts.push((await measure.jsonValue()) as { totalMs: number; computeMs: number; where: string });
  }
  inBrowserLayout = {
    totalMs: round(median(layouts.map((layout) => layout.totalMs))),
    computeMs: round(median(layouts.map((layout) => layout.computeMs))),
    where: layouts.map((layout) => layout.where).join(', '),
  };
  await context.close();

  const baselineContext = await browser.newContext({ viewport: VIEWPORT });
  baseline = await measureCanvas(await baselineContext.newPage(), `http://127.0.0.1:${baselinePort}/`);
  await baselineContext.close();
} finally {
  await browser.close();
  baselineServer.close();
  await web.stop();
  await db.$disconnect();
}

const file = writeResult({
  name: 'canvas',
  description:
    `The journey canvas in headless Chromium against the built app: opening a ${CANVAS_NODES}-node journey ` +
    '(navigation start → every node in the DOM drawn), frames per second while panning and while dragging a ' +
    `node, and auto-layout of ${LAYOUT_NODES} nodes (in the browser's worker, and the pure function in Node); ` +
    'against a plain React Flow page with 450 default nodes measured the same way in the same run. ' +
    `Load average at start: ${loadAtStart} (${os.cpus().length} cpus). In-browser layout ran in: ${inBrowserLayout.where}.`,
  figures: {
    nodes: CANVAS_NODES,
    nodesDrawnAtFitView: result.drawn,
    openMs: result.openMs,
    panFps: result.pan.fps,
    panP95FrameMs: result.pan.p95FrameMs,
    dragFps: result.drag.fps,
    dragP95FrameMs: result.drag.p95FrameMs,
    layoutNodes: LAYOUT_NODES,
    layoutInWorkerComputeMs: inBrowserLayout.computeMs,
    layoutInBrowserRoundTripMs: inBrowserLayout.totalMs,
    layoutInNodeMs: round(median(nodeLayoutSamples)),
    loadAverage1mAtStart: loadAtStart,
  },
  baseline: {
    nodes: 450,
    nodesDrawnAtFitView: baseline.drawn,
    openMs: baseline.openMs,
    panFps: baseline.pan.fps,
    panP95FrameMs: baseline.pan.p95FrameMs,
    dragFps: baseline.drag.fps,
    dragP95FrameMs: baseline.drag.p95FrameMs,
  },
  ratios: {
    openMsOverBaseline: round(result.openMs / baseline.openMs),
    panFpsOverBaseline: Math.round((result.pan.fps / baseline.pan.fps) * 100) / 100,
    dragFpsOverBaseline: Math.round((result.drag.fps / baseline.drag.fps) * 100) / 100,
  },
});
console.log(`Wrote ${file}`);
process.exit(0);
