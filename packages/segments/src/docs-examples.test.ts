import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SegmentDefinition } from './definition';

const docs = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/segments.md'),
  'utf8',
);
const examples = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('docs/segments.md', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });
  it.each(examples.map((example, i) => [i, example] as const))(
    'example %i is a valid definition',
    (_i, example) => {
      const parsed = SegmentDefinition.safeParse(JSON.parse(example));
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );
});
