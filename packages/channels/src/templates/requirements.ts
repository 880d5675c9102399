import { Value, type Liquid, type TagToken } from 'liquidjs';

/**
 * What a template cannot do without. Lenient rendering at send time is right for optional parts (a greeting
 * without a first name), wrong for the point of the message ("Still thinking about ?"). A template says so
 * in one of two ways, and either way the message is not sent on that channel, the reason is recorded and
 * the next channel is tried (message-sender.ts):
 * - `requires: ["product.name", "product.url"]` in its content: checked before rendering;
 * - `{% abort_message "no product" %}` (also Braze's `{% abort_message("no product") %}`) anywhere in the
 *   Liquid, typically inside an `{% unless %}`: rendering stops there.
 */
export class MessageAborted extends Error {
  override name = 'MessageAborted';
  constructor(readonly reason: string) {
    super(reason === '' ? 'the template aborted the message' : `the template aborted the message: ${reason}`);
  }
}

export function registerAbortTag(engine: Liquid): void {
  engine.registerTag('abort_message', {
    parse(token: TagToken) {
      // Braze writes the reason in parentheses; Liquid without them. Both read the same.
      const args = token.args.trim().replace(/^\(([\s\S]*)\)$/, '$1');
      this.reason = args === '' ? null : new Value(args, this.liquid);
    },
    *render(context) {
      const reason: unknown = this.reason ? yield (this.reason as Value).value(context, false) : '';
      throw new MessageAborted(reason === null || reason === undefined ? '' : String(reason));
    },
  });
}

/** The MessageAborted inside a LiquidJS error (tags' errors are wrapped, once per enclosing block). */
export function abortedIn(error: unknown): MessageAborted | null {
  let current: unknown = error;
  for (let depth = 0; depth < 20 && current; depth += 1) {
    if (current instanceof MessageAborted) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/** The required variable paths a template's content declares (none for content saved before `requires`). */
export function requiredVariables(content: unknown): string[] {
  const requires = (content as { requires?: unknown } | null)?.requires;
  return Array.isArray(requires) ? requires.filter((path): path is string => typeof path === 'string') : [];
}

/** The declared paths that are absent, null, blank or an empty list in these variables. */
export function missingVariables(required: readonly string[], variables: Record<string, unknown>): string[] {
  return required.filter((path) => {
    let value: unknown = variables;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return true;
      value = (value as Record<string, unknown>)[key];
    }
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return value.trim() === '';
    return Array.isArray(value) && value.length === 0;
  });
}
