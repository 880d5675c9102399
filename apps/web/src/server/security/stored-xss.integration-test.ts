import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkSnippet } from '~/app/shop/_components/snippet';
import { createCaller } from '../api/root';
import { createContextInner } from '../api/trpc';
import {
  closeSharedDb,
  createTestWorkspace,
  getDb,
  ingestMessages,
  parseIngestBodyForTests,
  uniqueTestId,
} from '../testing/router-fixtures';

/**
 * Attack suite: stored XSS. Script smuggled into customer traits and event properties (anyone with the
 * public write key can set them) and into template fields is rendered through the real template preview
 * (Liquid with HTML escaping, MJML, the sanitisers) and must come out inert. In the app React escapes what
 * it renders; the one way around that, `dangerouslySetInnerHTML`, is only used where this file has checked
 * the value cannot carry user data.
 */
const PAYLOADS = [
  '<script>alert("trait")</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
];
/** A live tag or a handler inside a tag; the same words as escaped text are inert. */
const ACTIVE = /<(script|svg)\b|<img src=x|<[^>]*\son\w+\s*=|href="javascript:/i;
/** The markup with every quoted attribute value emptied, so escaped text inside one is not read as a tag. */
const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');

const db = getDb();
let workspaceId: string;
let customerId: string;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  const id = uniqueTestId('xss');
  const user = await db.user.create({
    data: { id, name: 'Owner', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
  workspaceId = (await createTestWorkspace(db, { ownerUserId: user.id })).id;
  caller = createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
  const hostile = Object.fromEntries(PAYLOADS.map((payload, index) => [`field_${index}`, payload]));
  await ingestMessages(
    db,
    parseIngestBodyForTests([
      { type: 'identify', userId: 'xss-shopper', traits: { email: 'xss@shop.test', ...hostile } },
      { type: 'track', userId: 'xss-shopper', event: 'Product Viewed', properties: hostile },
    ]),
    { workspaceId },
  );
  customerId = (await db.customer.findFirstOrThrow({ where: { workspaceId } })).id;
});
afterAll(async () => {
  await closeSharedDb();
});

const liquid = PAYLOADS.map(
  (_payload, index) =>
    `<p>{{ customer.field_${index} }}</p><p>{{ latest_event.properties.field_${index} }}</p>` +
    `<a href="https://shop.example/?q={{ customer.field_${index} }}">go</a>`,
).join('');

/** The rendered HTML (the subject and title are plain text, which clients and React show as text). */
async function preview(channel: 'email' | 'in_app', content: unknown): Promise<string> {
  await caller.templates.save({
    workspaceId,
    name: `<script>alert("template name")</script> ${channel}`,
    channel,
    content,
  });
  const template = await db.template.findFirstOrThrow({
    where: { workspaceId, channel: channel === 'in_app' ? 'IN_APP' : 'EMAIL' },
  });
  const rendered = (await caller.templates.preview({
    workspaceId,
    templateId: template.id,
    customerId,
    context: {},
  })) as { ok: boolean; message?: { html?: string; content?: { html?: string } } };
  expect(rendered.ok, JSON.stringify(rendered)).toBe(true);
  const html = rendered.message?.html ?? rendered.message?.content?.html;
  expect(typeof html).toBe('string');
  return html!;
}

describe('stored XSS through customer traits and event properties', () => {
  it('is escaped in in-app HTML', async () => {
    const html = await preview('in_app', { variants: { en: { html: liquid } } });
    expect(html).toContain('&lt;script&gt;');
    expect(markupOf(html)).not.toMatch(ACTIVE);
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('is escaped in email HTML', async () => {
    const html = await preview('email', {
      variants: {
        en: {
          subject: 'Hi {{ customer.field_0 }}',
          mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${liquid}</mj-text></mj-column></mj-section></mj-body></mjml>`,
        },
      },
    });
    expect(html).toContain('&lt;script&gt;');
    expect(markupOf(html)).not.toMatch(ACTIVE);
    expect(html).not.toMatch(/href="javascript:/i);
  });
});

describe('dangerouslySetInnerHTML in the app', () => {
  const src = fileURLToPath(new URL('../../', import.meta.url));
  const uses: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/test\.tsx?$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/dangerouslySetInnerHTML=\{\{\s*__html:\s*([^}]+)\}\}/g))
          uses.push(`${relative(src, path)}: ${match[1]!.trim()}`);
      }
    }
  };
  walk(src);

  it('is used only where the value was reviewed (a new use must be added here with a test)', () => {
    expect(uses).toEqual(['app/shop/layout.tsx: sdkSnippet(workspace.writeKey)']);
  });

  it('the SDK snippet cannot be broken out of by its write key', () => {
    const snippet = sdkSnippet('wk_"</script><script>alert(1)</script>');
    expect(snippet).not.toMatch(/<\/script|<script/i);
  });
});
