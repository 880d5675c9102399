import { chooseSplitOutput, SplitConfig } from '@nudgeflow/journey';
import { expect, test } from 'vitest';

// The journeyRun interpreter takes a split node's path from this pure function, so its distribution and
// stability are the product's: shares within ±2% over 10,000 customers, the same path every time.
const config = SplitConfig.parse({
  paths: [
    { id: 'a', label: 'A', percent: 50 },
    { id: 'b', label: 'B', percent: 30 },
  ],
  holdoutPercent: 20,
});

const customers = Array.from(
  { length: 10_000 },
  (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
);

test('10,000 customers land within ±2% of the configured shares', () => {
  const counts = new Map<string, number>();
  for (const customerId of customers) {
    const output = chooseSplitOutput(config, customerId, 'split-1');
    counts.set(output, (counts.get(output) ?? 0) + 1);
  }
  const share = (output: string) => ((counts.get(output) ?? 0) / customers.length) * 100;
  expect(Math.abs(share('path:a') - 50)).toBeLessThanOrEqual(2);
  expect(Math.abs(share('path:b') - 30)).toBeLessThanOrEqual(2);
  expect(Math.abs(share('holdout') - 20)).toBeLessThanOrEqual(2);
});

test('a customer takes the same path every time, and two split nodes are independent', () => {
  const first = customers.map((customerId) => chooseSplitOutput(config, customerId, 'split-1'));
  const again = customers.map((customerId) => chooseSplitOutput(config, customerId, 'split-1'));
  expect(again).toEqual(first);
  const other = customers.map((customerId) => chooseSplitOutput(config, customerId, 'split-2'));
  const same = other.filter((output, i) => output === first[i]).length / customers.length;
  // Independent 50/30/20 splits agree 0.5²+0.3²+0.2² = 38% of the time; a shared hash would agree 100%.
  expect(same).toBeGreaterThan(0.34);
  expect(same).toBeLessThan(0.42);
});
