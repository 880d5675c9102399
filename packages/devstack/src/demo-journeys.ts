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
 */
async function saveCartTemplates(db: ReturnType<typeof createDb>, workspaceId: string, base: string) {
  const image = `{% if product.image_url contains "://" %}{{ product.image_url }}{% else %}${base}{{ product.image_url }}{% endif %}`;
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
      variants: {
        en: {
          title: '{{ product.name }} is still in your cart',
          body: 'Complete your order for {{ product.price }} {{ product.currency }}.',
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
      variants: {
        en: {
          subject: 'Still thinking about {{ product.name }}?',
          mjml: `<mjml><mj-body><mj-section><mj-column>
  <mj-text font-size="20px">Hi {{ customer.first_name | default: "there" }}, your cart is waiting</mj-text>
  <mj-image src="${base}{{ product.image_url }}" alt="{{ product.name }}" width="240px" />
  <mj-text>{{ product.name }}: {{ product.price }} {{ product.currency }}</mj-text>
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
      layout: 'banner',
      variants: {
        en: {
          title: '{{ product.name }} is still in your cart',
          html: '<p>Complete your order today for <strong>{{ product.price }} {{ product.currency }}</strong>.</p>',
          imageUrl: image,
          actions: [{ title: 'Go to checkout', url: `${base}/shop/checkout` }],
        },
      },
    },
  });
  return { push, email, inApp };
}
