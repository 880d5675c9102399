// Bundles the SDK for browsers: dist/nudgeflow.js (script tag, IIFE), dist/nudgeflow.esm.js (bundlers) and
// dist/sw.js (service worker). The web app serves these under /sdk/* and the demo shop's /sw.js.
// Run: node packages/sdk-browser/scripts/build.mjs [--watch]
import { build, context } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none',
  logLevel: 'warning',
};
const targets = [
  {
    ...common,
    entryPoints: [path.join(root, 'src/global.ts')],
    outfile: path.join(root, 'dist/nudgeflow.js'),
    format: 'iife',
  },
  {
    ...common,
    entryPoints: [path.join(root, 'src/index.ts')],
    outfile: path.join(root, 'dist/nudgeflow.esm.js'),
    format: 'esm',
  },
  {
    ...common,
    entryPoints: [path.join(root, 'src/sw.ts')],
    outfile: path.join(root, 'dist/sw.js'),
    format: 'iife',
  },
];

if (process.argv.includes('--watch')) {
  for (const options of targets) await (await context(options)).watch();
  console.log('sdk-browser: watching');
} else {
  await Promise.all(targets.map((options) => build(options)));
}
