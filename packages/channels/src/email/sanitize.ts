import { randomUUID } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';

/**
 * Email HTML after Liquid rendering, before tracking: whatever the template author wrote (in `mj-raw`,
 * `mj-text`) or a customer trait smuggled past escaping, no mail client and no preview runs script from it.
 * Unlike in-app HTML, an email is a whole document that MJML wrote (head, style, tables, Outlook
 * conditionals), so this keeps every tag except the active ones and cleans attributes and CSS instead of
 * allowing a short list:
 * - dropped with their content: script, iframe/frame, object/embed/applet, form controls, base, svg/math
 *   (SVG animation can set `href` to script), `meta http-equiv=refresh`;
 * - `on*` attributes removed; href/src/action/background/… only http(s), mailto, tel and cid (no
 *   `javascript:`, no `data:`);
 * - CSS (style attributes and `<style>`) that calls `expression()`, `url(javascript:…)`, `url(data:…)`,
 *   `behavior` or `-moz-binding` is removed, after CSS escapes and comments are undone;
 * - Outlook conditional comments (`<!--[if mso]>…<![endif]-->`) are kept only when they hold nothing but the
 *   table and VML scaffolding MJML writes; any other comment is dropped.
 */
const DROPPED = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'base',
  'svg',
  'math',
  'noscript',
  'portal',
]);

const URL_ATTRIBUTES = [
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'background',
  'poster',
  'longdesc',
  'xlink:href',
];

function unescapeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_match, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/g, '$1');
}

const DANGEROUS_CSS =
  /expression\s*\(|javascript\s*:|vbscript\s*:|-moz-binding|behavior\s*:|url\s*\(\s*['"]?\s*data\s*:/i;

export function isDangerousCss(css: string): boolean {
  return DANGEROUS_CSS.test(unescapeCss(css));
}

/** A style attribute without the declarations that could run script. */
function cleanStyleAttribute(style: string): string {
  return style
    .split(';')
    .filter((declaration) => !isDangerousCss(declaration))
    .join(';');
}

/** `<!--[if mso]>…<![endif]-->`: only Outlook reads what is inside. */
const CONDITIONAL = /<!--\[if [^\]]*\]>(?!<!-->)([\s\S]*?)<!\[endif\]-->/gi;
/** `<!--[if !mso]><!-->…<!--<![endif]-->`: the markers only; what is between them is ordinary HTML. */
const REVEALED_MARKER = /<!--\[if [a-z !|&()]*\]><!-->|<!--<!\[endif\]-->/gi;
const STYLE_ELEMENT = /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi;
const SCAFFOLD_TAG =
  /^(table|tbody|tr|td|th|div|center|p|span|img|style|xml|noscript|v:[a-z]+|o:[a-z]+|w:[a-z]+)$/i;

/**
 * True for what MJML writes inside Outlook conditionals: layout tags, VML and Office settings, and CSS, with
 * plain attributes (Outlook's Word engine runs no script, but a conditional is also read by old IE views).
 */
function isScaffolding(inner: string): boolean {
  if (/<!/.test(inner) || isDangerousCss(inner)) return false;
  for (const tag of inner.matchAll(/<\/?\s*([a-z:]+)([^>]*)>/gi)) {
    const [, name = '', attributes = ''] = tag;
    if (!SCAFFOLD_TAG.test(name)) return false;
    if (/\bon[a-z]+\s*=|javascript:|vbscript:|data:|&#|expression\s*\(|url\s*\(/i.test(attributes))
      return false;
  }
  return true;
}

export function sanitizeEmailHtml(html: string): string {
  const doctype = /^\s*<!doctype html>/i.test(html) ? '<!doctype html>\n' : '';
  // Outlook conditionals are comments to the sanitiser (which drops comments); the safe ones are set aside
  // behind markers and put back afterwards.
  const marker = `nudgeflowconditional${randomUUID().replace(/-/g, '')}`;
  const kept: string[] = [];
  const keep = (comment: string) => {
    kept.push(comment);
    return `${marker}x${kept.length - 1}x`;
  };
  const protectedHtml = html
    .replace(CONDITIONAL, (comment, inner: string) => (isScaffolding(inner) ? keep(comment) : ''))
    .replace(REVEALED_MARKER, keep);
  const clean = sanitizeHtml(protectedHtml, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    parseStyleAttributes: false,
    exclusiveFilter: (frame) =>
      DROPPED.has(frame.tag) ||
      (frame.tag === 'meta' && /refresh/i.test(frame.attribs['http-equiv'] ?? '')) ||
      (frame.tag === 'link' && !/^https:\/\//i.test(frame.attribs.href ?? '')),
    allowedSchemes: ['http', 'https', 'mailto', 'tel', 'cid'],
    allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
    allowProtocolRelative: false,
    transformTags: {
      '*': (tagName, attribs) => {
        const cleaned: sanitizeHtml.Attributes = {};
        for (const [name, value] of Object.entries(attribs)) {
          // srcset lists several URLs, which the scheme check does not read one by one.
          if (/^on/i.test(name) || name.toLowerCase() === 'srcset') continue;
          if (name.toLowerCase() === 'style') {
            const style = cleanStyleAttribute(value);
            if (style.trim()) cleaned[name] = style;
            continue;
          }
          cleaned[name] = value;
        }
        return { tagName, attribs: cleaned };
      },
    },
  });
  return (
    doctype +
    clean
      // The sanitiser passes style element text through as it is: a sheet that could run script goes.
      .replace(STYLE_ELEMENT, (element, open: string, css: string, close: string) =>
        isDangerousCss(css) ? `${open}${close}` : element,
      )
      .replace(new RegExp(`${marker}x(\\d+)x`, 'g'), (_match, index: string) => kept[Number(index)]!)
  );
}
