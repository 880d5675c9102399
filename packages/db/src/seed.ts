import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from './client';
import { type Prisma, Role, type Workspace } from './generated/prisma/client';
import { demoProducts, demoTopics } from './demo-data';
import { buildShoppers, type Shopper } from './demo-shoppers';
import { defaultDemoSeedSteps } from './demo-seed-steps';
import {
  generateIdentitySecret,
  generateSigningSecret,
  generateVapidKeys,
  generateWriteKey,
} from './workspace-keys';
import { createPasswordUser } from './repositories/users';
import { sealWorkspaceSecrets } from './repositories/workspace-secrets';

export const DEMO_WORKSPACE_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@nudgeflow.local';
export const DEMO_ADMIN_PASSWORD = 'nudgeflow-demo';

/** What later seed steps (demo journeys, segments, templates) get to build on. */
export interface DemoSeedContext {
  workspace: Workspace;
  adminUserId: string;
  productIds: string[];
  /** Customer ids, identified shoppers first. */
  customerIds: string[];
  topicIdsByKey: Record<string, string>;
  now: Date;
}

/**
 * A hook for other areas to add their demo content (the journey engineer's demo journeys, for example). Steps
 * run inside the seed's transaction, in order, only when the demo is created: a failed step leaves no demo.
 */
export type DemoSeedStep = (tx: Prisma.TransactionClient, demo: DemoSeedContext) => Promise<void>;

export interface SeedDemoOptions {
  /** Defaults to defaultDemoSeedSteps (demo-seed-steps.ts), where other areas register their demo content. */
  steps?: readonly DemoSeedStep[];
  now?: Date;
}

export interface SeedDemoResult {
  /** False when the demo workspace already existed: nothing was written. */
  created: boolean;
  workspace: Pick<Workspace, 'id' | 'name' | 'slug' | 'writeKey'>;
  login: { email: string; password: string };
}

/**
 * Creates the "Demo Shop" workspace once: an OWNER login, topics, a catalogue, 50 shoppers and a month of
 * storefront events. The demo workspace's existence is the marker, so a second call changes nothing.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const login = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
  const existing = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE_SLUG } });
  if (existing) return { created: false, workspace: existing, login };

  // scrypt takes a while: hash before opening the transaction.
  const passwordHash = await hashPassword(DEMO_ADMIN_PASSWORD);
  const now = options.now ?? new Date();
  try {
    const workspace = await db.$transaction(
      async (tx) => {
        const context = await seedBase(tx, passwordHash, now);
        for (const step of options.steps ?? defaultDemoSeedSteps) await step(tx, context);
        return context.workspace;
      },
      { timeout: 120_000, maxWait: 20_000 },
    );
    return { created: true, workspace, login };
  } catch (error) {
    // Another process seeded at the same moment: its demo won, ours rolled back.
    const raced = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE_SLUG } });
    if (raced) return { created: false, workspace: raced, login };
    throw error;
  }
}

async function seedBase(
  tx: Prisma.TransactionClient,
  passwordHash: string,
  now: Date,
): Promise<DemoSeedContext> {
  const vapid = generateVapidKeys();
  const id = randomUUID();
  const workspace = await tx.workspace.create({
    data: {
      id,
      name: 'Demo Shop',
      slug: DEMO_WORKSPACE_SLUG,
      writeKey: generateWriteKey(),
      vapidPublicKey: vapid.publicKey,
      ...sealWorkspaceSecrets(id, {
        signingSecret: generateSigningSecret(),
        vapidPrivateKey: vapid.privateKey,
      }),
      vapidSubject: `mailto:${DEMO_ADMIN_EMAIL}`,
      // On, as for every new workspace: the demo shop signs its shoppers' ids on its server (app/shop).
      identitySecret: generateIdentitySecret(),
      identityVerificationRequired: true,
    },
  });
  const adminUserId = await ensureAdmin(tx, passwordHash, now);
  await tx.membership.create({ data: { workspaceId: workspace.id, userId: adminUserId, role: Role.OWNER } });

  const topicIdsByKey: Record<string, string> = {};
  for (const topic of demoTopics) {
    const row = await tx.topic.create({ data: { workspaceId: workspace.id, ...topic } });
    topicIdsByKey[topic.key] = row.id;
  }

  await tx.product.createMany({
    data: demoProducts.map((product) => ({
      workspaceId: workspace.id,
      id: product.id,
      name: product.name,
      price: product.price,
      currency: 'USD',
      imageUrl: `/demo/products/${product.id}.svg`,
      url: `/shop/products/${product.id}`,
      stock: product.stock,
      category: product.category,
    })),
  });

  const shoppers = buildShoppers(workspace.id, now);
  await tx.customer.createMany({ data: shoppers.map((shopper) => shopper.customer) });
  await tx.customerIdentity.createMany({ data: shoppers.flatMap((shopper) => shopper.identities) });
  await tx.event.createMany({ data: shoppers.flatMap((shopper) => shopper.events) });
  await seedConsent(tx, workspace.id, shoppers, topicIdsByKey, now);

  return {
    workspace,
    adminUserId,
    productIds: demoProducts.map((product) => product.id),
    customerIds: shoppers.map((shopper) => shopper.customer.id),
    topicIdsByKey,
    now,
  };
}

/** The admin login, stored the way better-auth's email+password provider stores it. Reused if it exists. */
async function ensureAdmin(tx: Prisma.TransactionClient, passwordHash: string, now: Date): Promise<string> {
  const existing = await tx.user.findUnique({ where: { email: DEMO_ADMIN_EMAIL } });
  if (existing) return existing.id;
  return createPasswordUser(tx, { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', passwordHash, now });
}

/** Identified shoppers who viewed a sold-out product asked to hear when it is back; a few left marketing. */
async function seedConsent(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  shoppers: Shopper[],
  topicIdsByKey: Record<string, string>,
  now: Date,
): Promise<void> {
  const backInStock = topicIdsByKey['back-in-stock'];
  const marketing = topicIdsByKey.marketing;
  if (!backInStock || !marketing) throw new Error('demo topics missing');
  const identified = shoppers.filter((shopper) => shopper.customer.email);
  const alerts = identified.filter((shopper) => shopper.wantedOutOfStock.length > 0);
  await tx.stockAlert.createMany({
    data: alerts.flatMap((shopper) =>
      shopper.wantedOutOfStock.map((productId) => ({
        workspaceId,
        productId,
        customerId: shopper.customer.id,
        createdAt: now,
      })),
    ),
  });
  const leftMarketing = identified.filter((_, index) => index % 9 === 4);
  await tx.topicSubscription.createMany({
    data: [
      ...alerts.map((shopper) => ({
        customerId: shopper.customer.id,
        topicId: backInStock,
        subscribed: true,
        updatedAt: now,
      })),
      ...leftMarketing.map((shopper) => ({
        customerId: shopper.customer.id,
        topicId: marketing,
        subscribed: false,
        updatedAt: now,
      })),
    ],
  });
  await tx.consentChange.createMany({
    data: [
      ...alerts.map((shopper) => ({
        customerId: shopper.customer.id,
        subject: 'topic:back-in-stock',
        granted: true,
        source: 'api',
        at: now,
      })),
      ...leftMarketing.map((shopper) => ({
        customerId: shopper.customer.id,
        subject: 'topic:marketing',
        granted: false,
        source: 'preferences-page',
        at: now,
      })),
    ],
  });
}
