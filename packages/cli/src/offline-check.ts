import { checkLiquidSyntax, isBuiltInChannel, parseTemplateContent } from '@nudgeflow/channels';
import { compileJourneyDocument } from '@nudgeflow/journey';
import type { ApiProblem } from './client';

/** A document failed a check made on this machine: no request was sent. */
export class OfflineCheckError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ApiProblem[],
  ) {
    super(problems[0]?.message ?? 'invalid');
  }
}

const BUNDLE_FORMAT = 'nudgeflow.bundle/v1';

export function isBundle(value: unknown): value is { journey: unknown; templates?: unknown[] } {
  return (
    typeof value === 'object' && value !== null && (value as { format?: unknown }).format === BUNDLE_FORMAT
  );
}

/** Every string in a template's variants, with its path: each is a Liquid source. */
function liquidSources(value: unknown, path: string, found: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') found.push([path, value]);
  else if (Array.isArray(value))
    value.forEach((item, index) => liquidSources(item, `${path}.${index}`, found));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) liquidSources(item, `${path}.${key}`, found);
  return found;
}

/**
 * What can be known about a template document without a server: its envelope, its content against the
 * channel's schema and the Liquid syntax of every text. (MJML is compiled by the server on import.)
 */
export function checkTemplateDocument(raw: unknown, prefix = ''): ApiProblem[] {
  const document = (raw ?? {}) as { format?: unknown; name?: unknown; channel?: unknown; content?: unknown };
  const problems: ApiProblem[] = [];
  if (document.format !== 'nudgeflow.template/v1')
    problems.push({ field: `${prefix}format`, message: 'must be "nudgeflow.template/v1"' });
  if (typeof document.name !== 'string' || document.name.trim() === '')
    problems.push({ field: `${prefix}name`, message: 'give the template a name' });
  if (typeof document.channel !== 'string' || !isBuiltInChannel(document.channel)) {
    problems.push({ field: `${prefix}channel`, message: 'must be push, email, in_app, sms or webhook' });
    return problems;
  }
  const content = parseTemplateContent(document.channel, document.content);
  if (!content.ok) {
    for (const error of content.errors)
      problems.push({ field: `${prefix}content.${error.field}`, message: error.message });
    return problems;
  }
  for (const [field, source] of liquidSources(content.content.variants, 'variants')) {
    const error = checkLiquidSyntax(field, source);
    if (error)
      problems.push({
        field: `${prefix}content.${error.field}`,
        message: error.line ? `${error.reason} (line ${error.line})` : error.reason,
      });
  }
  return problems;
}

/**
 * A journey document (or a bundle of one with its templates) checked with the built-in node kinds. Template
 * and segment references are checked by the server, which knows the workspace.
 */
export function checkJourneyFile(raw: unknown): { nodes: number; templates: number; problems: ApiProblem[] } {
  const journey = isBundle(raw) ? raw.journey : raw;
  const templates = isBundle(raw) && Array.isArray(raw.templates) ? raw.templates : [];
  const problems = templates.flatMap((template, index) =>
    checkTemplateDocument(template, `templates.${index}.`),
  );
  const compiled = compileJourneyDocument(journey);
  if (!compiled.ok) problems.push(...compiled.errors);
  const nodes = compiled.ok ? Object.keys(compiled.definition.nodes).length : 0;
  return { nodes, templates: templates.length, problems };
}
