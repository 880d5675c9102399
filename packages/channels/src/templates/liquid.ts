import { Liquid, LiquidError } from 'liquidjs';
import { registerMoneyFilters } from './money';
import { abortedIn, registerAbortTag } from './requirements';

/**
 * Two Liquid engines, because preview and send want opposite things:
 * - preview is strict: an unknown variable or filter is an error the marketer sees, with its line;
 * - send is lenient: a customer without a first name still gets the message (missing → empty).
 * Both carry render limits so a template cannot spin the worker (a `for` over a huge range, a string
 * doubled in a loop): parse size, render time and memory are bounded.
 */
const LIMITS = {
  /** Characters of template source parsed per render. */
  parseLimit: 500_000,
  /** Milliseconds of render time. */
  renderLimit: 500,
  /** Approximate bytes allocated by strings and arrays while rendering. */
  memoryLimit: 10_000_000,
} as const;

export type RenderMode = 'preview' | 'send';
export type Escaping = 'html' | 'none';

export class TemplateRenderError extends Error {
  constructor(
    /** Which field of the template failed, e.g. "variants.fr.subject". */
    readonly field: string,
    /** The problem alone, without field and line (for editors that show those themselves). */
    readonly reason: string,
    readonly line: number | null,
    readonly column: number | null,
  ) {
    super(line === null ? `${field}: ${reason}` : `${field} (line ${line}): ${reason}`);
    this.name = 'TemplateRenderError';
  }
}

function createEngine(mode: RenderMode, escaping: Escaping): Liquid {
  const engine = new Liquid({
    strictVariables: mode === 'preview',
    strictFilters: mode === 'preview',
    // `{% if customer.first_name %}` must stay usable in strict preview.
    lenientIf: true,
    ownPropertyOnly: true,
    outputEscape: escaping === 'html' ? 'escape' : undefined,
    cache: 500,
    ...LIMITS,
  });
  registerFilters(engine);
  registerAbortTag(engine);
  return engine;
}

function registerFilters(engine: Liquid): void {
  registerMoneyFilters(engine);
  // Appends UTM parameters to a deep link without breaking an existing query or fragment.
  engine.registerFilter('utm', (value: unknown, campaign: unknown, source: unknown = 'nudgeflow') => {
    if (typeof value !== 'string' || value === '') return '';
    try {
      const url = new URL(value);
      url.searchParams.set('utm_source', String(source));
      url.searchParams.set('utm_campaign', String(campaign ?? ''));
      return url.toString();
    } catch {
      return value;
    }
  });
}

const engines = new Map<string, Liquid>();
function engineFor(mode: RenderMode, escaping: Escaping): Liquid {
  const key = `${mode}:${escaping}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = createEngine(mode, escaping);
    engines.set(key, engine);
  }
  return engine;
}

/**
 * Renders one Liquid field; failures become `TemplateRenderError` naming the field and line, and an
 * `{% abort_message %}` becomes `MessageAborted`.
 */
export async function renderLiquid(
  field: string,
  source: string,
  variables: Record<string, unknown>,
  mode: RenderMode,
  escaping: Escaping = 'none',
): Promise<string> {
  const engine = engineFor(mode, escaping);
  try {
    return (await engine.parseAndRender(source, variables)) as string;
  } catch (error) {
    throw toTemplateError(field, error);
  }
}

/** Checks a field parses (used when a template is saved, before any customer exists). */
export function checkLiquidSyntax(field: string, source: string): TemplateRenderError | null {
  try {
    engineFor('preview', 'none').parse(source);
    return null;
  } catch (error) {
    const problem = toTemplateError(field, error);
    return problem instanceof TemplateRenderError
      ? problem
      : new TemplateRenderError(field, problem.message, null, null);
  }
}

function toTemplateError(field: string, error: unknown): Error {
  // Not a fault of the template: it chose not to go out. The sender records the reason and moves on.
  const aborted = abortedIn(error);
  if (aborted) return aborted;
  if (error instanceof LiquidError) {
    const position = error.token?.getPosition?.();
    // LiquidJS appends ", line:3, col:4" to its messages; the position is reported separately.
    const message = error.message.replace(/, line:\d+, col:\d+$/, '');
    return new TemplateRenderError(field, message, position?.[0] ?? null, position?.[1] ?? null);
  }
  return new TemplateRenderError(field, error instanceof Error ? error.message : String(error), null, null);
}
