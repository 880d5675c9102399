import { builtinRegistry, type AnyNodeKind, type NodeOutput } from '@nudgeflow/journey';
import { icons, type LucideIcon } from 'lucide-react';

/** What the canvas asks a node kind, tolerant of a half-filled config (a node just dropped). */

export const registry = builtinRegistry;

export function kindOf(type: string, version?: number): AnyNodeKind | undefined {
  return registry.get(type, version);
}

export function outputsOf(kind: AnyNodeKind | undefined, config: unknown): NodeOutput[] {
  if (!kind) return [];
  const parsed = kind.configSchema.safeParse(config ?? {});
  try {
    return kind.outputs(parsed.success ? parsed.data : (config ?? kind.defaultConfig));
  } catch {
    try {
      return kind.outputs(kind.configSchema.parse(kind.defaultConfig));
    } catch {
      return [];
    }
  }
}

export function summaryOf(kind: AnyNodeKind | undefined, config: unknown): string {
  if (!kind) return 'Unknown node kind';
  if (!kind.summary) return kind.description;
  const parsed = kind.configSchema.safeParse(config ?? {});
  try {
    return kind.summary(parsed.success ? parsed.data : config);
  } catch {
    return kind.description;
  }
}

/** Whether customers can be sent to this node along an edge (triggers and goals are entered otherwise). */
export function takesInput(kind: AnyNodeKind | undefined): boolean {
  return Boolean(kind) && kind!.category !== 'trigger' && !kind!.entersByEvent;
}

/** The lucide icon a node kind names in kebab case (`ui.icon`), or undefined when lucide has none by that name. */
export function findIcon(name: string): LucideIcon | undefined {
  const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
  return (icons as Record<string, LucideIcon | undefined>)[pascal];
}

/** The card's icon: a plugin may name one this lucide build lacks, so it falls back to a circle. */
export function iconOf(name: string): LucideIcon {
  return findIcon(name) ?? icons.Circle;
}

export const CATEGORY_TITLES: Record<string, string> = {
  trigger: 'Triggers',
  wait: 'Waits',
  flow: 'Flow',
  action: 'Actions',
  goal: 'Goals',
  exit: 'Exits',
};
