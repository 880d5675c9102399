import { PropertyFilter } from '../property-filter';

const INTEGER_LIKE = /^\s*[+-]?[0-9]+\s*$/;
const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * Path segments that look like integers but are not canonical indices ("-1", "01", " 2") address an
 * array differently in Postgres (`#>` counts "-1" from the end) than in memory, so segments refuse them.
 */
export function pathProblem(path: string): string | undefined {
  for (const segment of path.split('.')) {
    if (segment === '') return 'Path has an empty segment';
    if (INTEGER_LIKE.test(segment) && !CANONICAL_INDEX.test(segment)) {
      return `Path segment "${segment}" is not a valid array index`;
    }
  }
  return undefined;
}

const VALUE_FREE_OPS = new Set(['exists', 'not_exists']);

/** A PropertyFilter whose path is portable to SQL and which has a value wherever the operator needs one. */
export const SegmentPropertyFilter = PropertyFilter.superRefine((filter, ctx) => {
  const problem = pathProblem(filter.path);
  if (problem) ctx.addIssue({ code: 'custom', path: ['path'], message: problem });
  if (!VALUE_FREE_OPS.has(filter.op) && filter.value === undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `Operator "${filter.op}" needs a value` });
  }
});
