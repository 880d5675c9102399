/**
 * Shared shape of every benchmark result (bench/results/<name>.json), read by scripts/bench.mjs to write
 * docs/benchmarks.md: what was measured (`figures`), the reference measured in the same run on the same
 * machine (`baseline`), and how the two compare (`ratios`), so a number is never read without its context.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  name: string;
  /** One sentence: what is measured, against what. */
  description: string;
  date: string;
  /** `loadAverage1m` at the end of the run: above the cpu count, the machine was shared and numbers are noisy. */
  machine: {
    cpus: number;
    model: string;
    memoryGb: number;
    platform: string;
    node: string;
    loadAverage1m: number;
  };
  figures: Record<string, number>;
  baseline: Record<string, number>;
  ratios: Record<string, number>;
}

export const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export function machine(): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()}-${os.arch()}`,
    node: process.version,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
  };
}

export function writeResult(result: Omit<BenchResult, 'date' | 'machine'>): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.name}.json`);
  const full: BenchResult = { ...result, date: new Date().toISOString(), machine: machine() };
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
}

/** Summary statistics of a list of durations in milliseconds, rounded to 0.01 ms. */
export function summarise(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (value: number) => Math.round(value * 100) / 100;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), mean: round(mean) };
}

/** Runs `once` `count` times in sequence and returns each duration in milliseconds. */
export async function timeEach(count: number, once: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await once(index);
    samples.push(performance.now() - started);
  }
  return samples;
}
