import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JourneySettings } from './definition';
import { builtinRegistry } from './nodes';
import { unknownKeys } from './unknown-keys';

/** Every node config example in docs/journeys.md must be valid, so the documentation cannot drift. */
const docs = readFileSync(fileURLToPath(new URL('../../../docs/journeys.md', import.meta.url)), 'utf8');
const section = docs.slice(docs.indexOf('## Node kinds'), docs.indexOf('## What the compiler checks'));

function examplesByKind(): [string, unknown][] {
  const examples: [string, unknown][] = [];
  const parts = section.split(/^\*\*`([a-z.]+)`\*\*/m);
  for (let i = 1; i < parts.length; i += 2) {
    const type = parts[i]!;
    const body = parts[i + 1]!;
    const inline = /^: `(\{.*?\})`/.exec(body);
    if (inline) examples.push([type, JSON.parse(inline[1]!)]);
    const block = /```json\n([\s\S]*?)```/.exec(body);
    if (block) {
      const text = block[1]!;
      try {
        examples.push([type, JSON.parse(text)]);
      } catch {
        for (const line of text.split('\n').filter((l) => l.trim())) examples.push([type, JSON.parse(line)]);
      }
    }
  }
  return examples;
}

describe('docs/journeys.md', () => {
  const examples = examplesByKind();

  it('documents every built-in node kind with an example', () => {
    expect(new Set(examples.map(([type]) => type))).toEqual(
      new Set(builtinRegistry.latest().map((kind) => kind.type)),
    );
  });

  it.each(examples)('%s example is valid', (type, config) => {
    const kind = builtinRegistry.get(type)!;
    const parsed = kind.configSchema.safeParse(config);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(unknownKeys(kind.configSchema, config)).toEqual([]);
    const settings = JourneySettings.parse({});
    expect(kind.compile?.(parsed.data, { nodeId: 'doc', settings, entryEvent: 'always' }) ?? []).toEqual([]);
  });
});
