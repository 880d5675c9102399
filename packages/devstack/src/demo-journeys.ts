import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { saveTemplateWithCompile } from '@nudgeflow/channels';
import {
  closeDb,
  createDb,
  createJourney,
  findWorkspaceBySlug,
  publishJourneyVersion,
  workspaceHasJourneys,
} from '@nudgeflow/db';
import { compileJourney, compileJourneyDocument } from '@nudgeflow/journey';

/**
 * Live demo journeys for the demo shop, created through the same paths a marketer's work takes: templates
 * saved (and MJML compiled) by packages/channels, the journey document compiled by packages/journey and
 * published as an immutable version. Lives here rather than in packages/db's seed because it needs the
 * channels and journey packages, which themselves depend on packages/db.
 *
 * The cart-abandonment example waits one minute instead of two hours, so a person trying the shop sees the
 * reminder while they are still there: in-app in the shop when the visitor has neither push nor email.
 */

const CART_EXAMPLE = fileURLToPath(new URL('../../journey/examples/cart-abandonment.json', import.meta.url));
const DEMO_SLUG = 'demo';

export interface DemoJourneys {
  /** False when the demo workspace already had journeys (nothing written) or does not exist. */
  created: boolean;
  journeys: { id: string; name: string; version: number }[];
}

export async function seedDemoJourneys(
  databaseUrl: string,
  options: { publicUrl: string },
): Promise<DemoJourneys> {
  const db = createDb(databaseUrl);
  try {
    const workspace = await findWorkspaceBySlug(db, DEMO_SLUG);
    if (!workspace) return { created: false, journeys: [] };
    if (await workspaceHasJourneys(db, workspace.id)) {
      return { created: false, journeys: [] };
    }
    const templates = await saveCartTemplates(db, workspace.id, options.publicUrl.replace(/\/+$/, ''));

    const document = JSON.parse(await readFile(CART_EXAMPLE, 'utf8')) as {
      name: string;
      description?: string;
      nodes: { id: string; type: string; config: Record<string, unknown> }[];
    };
    document.name = 'Cart abandonment (demo: 1 minute)';
    for (const node of document.nodes) {
      if (node.type === 'wait.events') node.config.timeout = { amount: 1, unit: 'minutes' };
      if (node.type === 'message') {
        node.config.channels = [
          { channel: 'push', templateId: templates.push },
          { channel: 'email', templateId: templates.email },
          { channel: 'in_app', templateId: templates.inApp },
        ];
      }
    }
    const checked = compileJourneyDocument(document);
    if (!checked.ok) throw new Error(`demo journey does not compile: ${JSON.stringify(checked.errors)}`);

    const journey = await createJourney(db, {
      workspaceId: workspace.id,
      name: document.name,
      description: document.description ?? null,
      draft: checked.graph,
    });
    const published = await publishJourneyVersion(db, {
      workspaceId: workspace.id,
      journeyId: journey.id,
      publishedBy: 'demo-seed',
      from: ['DRAFT'],
      to: () => 'ACTIVE',
      compile: (draft, identity) => {
        const compiled = compileJourney(draft, { identity });
        return compiled.ok ? { ok: true, definition: compiled.definition } : compiled;
      },
    });
    if (!published.ok) throw new Error(`demo journey was not published: ${JSON.stringify(published)}`);
    return {
      created: true,
      journeys: [{ id: journey.id, name: document.name, version: published.version.version }],
    };
  } finally {
    await closeDb(db);
  }
}

/**
 * Links and images in messages must be absolute (a push or an email opens outside the shop, and the in-app
 * sanitiser keeps only http(s) URLs); the demo catalogue's image paths are relative to the app.
 *
 * The templates show how to treat data an event may lack (docs/channels.md, "Absent values"): the product's
 * name is required (`requires`: without it the channel is skipped and the next one tried, never "Still
 * thinking about ?"); the image and the price are optional and their whole part is left out when absent,
 * so an event without an image does not render the site's base URL, nor one without a currency "55 ".
 */
async function saveCartTemplates(db: ReturnType<typeof createDb>, workspaceId: string, base: string) {
  const imageUrl = `{% if product.image_url contains "://" %}{{ product.image_url }}{% else %}${base}{{ product.image_url }}{% endif %}`;
  const image = `{% if product.image_url %}${imageUrl}{% endif %}`;
  const price = (before: string, after = '') =>
    `{% if product.price %}${before}{{ product.price | money: product.currency }}${after}{% endif %}`;
  const requires = ['product.name'];
  const save = async (input: Omit<Parameters<typeof saveTemplateWithCompile>[1], 'workspaceId'>) => {
    const saved = await saveTemplateWithCompile(db, { workspaceId, ...input });
    if (!saved.ok) throw new Error(`demo template ${input.name}: ${JSON.stringify(saved.errors)}`);
    return saved.template.id;
  };
  const push = await save({
    name: 'Cart reminder (push)',
    channel: 'push',
    topicKey: 'marketing',
    content: {
      requires,
      variants: {
        en: {
          title: '{{ product.name }} is still in your cart',
          body: `Complete your order${price(' for ')}.`,
          image,
          url: `${base}/shop/cart`,
          actions: [{ action: 'checkout', title: 'Check out', url: `${base}/shop/checkout` }],
        },
      },
    },
  });
  const email = await save({
    name: 'Cart reminder (email)',
    channel: 'email',
    topicKey: 'marketing',
    content: {
      requires,
      variants: {
        en: {
          subject: 'Still thinking about {{ product.name }}?',
          mjml: `<mjml><mj-body><mj-section><mj-column>
  <mj-text font-size="20px">Hi{% if customer.first_name %} {{ customer.first_name }}{% endif %}, your cart is waiting</mj-text>
  <mj-text>{% if product.image_url %}<img src="${imageUrl}" alt="{{ product.name }}" width="240" />{% endif %}</mj-text>
  <mj-text>{{ product.name }}${price(': ')}</mj-text>
  <mj-button href="${base}/shop/checkout">Complete your order</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
        },
      },
    },
  });
  const inApp = await save({
    name: 'Cart reminder (in-app)',
    channel: 'in_app',
    topicKey: 'marketing',
    content: {
      requires,
      layout: 'banner',
      variants: {
        en: {
          title: '{{ product.name }} is still in your cart',
          html: `<p>Complete your order today${price(' for <strong>', '</strong>')}.</p>`,
          imageUrl: image,
          actions: [{ title: 'Go to checkout', url: `${base}/shop/checkout` }],
        },
      },
    },
  });
  return { push, email, inApp };
}
