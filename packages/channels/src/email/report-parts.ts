import { simpleParser } from 'mailparser';

/**
 * The decoded body of the report's first top-level part whose type matches. mailparser folds the
 * report parts into the text of the whole message, so the top-level parts are split here and the one
 * part parsed on its own (mailparser then undoes its transfer encoding).
 */
export async function reportPart(
  raw: Buffer | string,
  boundary: string,
  type: RegExp,
): Promise<string | null> {
  if (!boundary) return null;
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  for (const part of text.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const entity = part.replace(/^[ \t]*\r?\n/, '');
    const headerEnd = entity.search(/\r?\n\r?\n/);
    const headers = headerEnd === -1 ? entity : entity.slice(0, headerEnd);
    const contentType = /^content-type:\s*([^;\s]+)/im.exec(headers)?.[1] ?? '';
    if (!type.test(contentType)) continue;
    // message/rfc822 is the original message itself: hand back its header block and body untouched.
    if (/^message\/rfc822$/i.test(contentType))
      return headerEnd === -1 ? '' : entity.slice(headerEnd).replace(/^\r?\n\r?\n/, '');
    const parsed = await simpleParser(Buffer.from(entity, 'latin1'), { skipHtmlToText: true });
    return parsed.text ?? '';
  }
  return null;
}
