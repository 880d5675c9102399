import { randomUUID } from 'node:crypto';
import { generateRandomString, hashPassword } from 'better-auth/crypto';
import type { Db } from './client';
import {
  EventType,
  IdentityKind,
  LifecycleStage,
  type Prisma,
  Role,
  type Workspace,
} from './generated/prisma/client';
import {
  createRandom,
  demoDevices,
  demoFirstNames,
  demoLastNames,
  demoPlaces,
  demoProducts,
  demoSources,
  demoTopics,
  pick,
  type DemoProduct,
} from './demo-data';
import { defaultDemoSeedSteps } from './demo-seed-steps';
import { generateSigningSecret, generateVapidKeys, generateWriteKey } from './workspace-keys';

export const DEMO_WORKSPACE_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@nudgeflow.local';
export const DEMO_ADMIN_PASSWORD = 'nudgeflow-demo';
const DEMO_CUSTOMER_COUNT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

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
  const workspace = await tx.workspace.create({
    data: {
      name: 'Demo Shop',
      slug: DEMO_WORKSPACE_SLUG,
      writeKey: generateWriteKey(),
      vapidPublicKey: vapid.publicKey,
      vapidPrivateKey: vapid.privateKey,
      vapidSubject: `mailto:${DEMO_ADMIN_EMAIL}`,
      signingSecret: generateSigningSecret(),
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
  const userId = generateRandomString(32, 'a-z', 'A-Z', '0-9');
  await tx.user.create({
    data: {
      id: userId,
      name: 'Demo Admin',
      email: DEMO_ADMIN_EMAIL,
      emailVerified: true,
      createdAt: now,
      updatedAt: now,
      accounts: {
        create: {
          id: generateRandomString(32, 'a-z', 'A-Z', '0-9'),
          accountId: userId,
          providerId: 'credential',
          password: passwordHash,
          createdAt: now,
          updatedAt: now,
        },
      },
    },
  });
  return userId;
}

interface Shopper {
  customer: Prisma.CustomerCreateManyInput & { id: string };
  identities: Prisma.CustomerIdentityCreateManyInput[];
  events: Prisma.EventCreateManyInput[];
  /** Products this shopper viewed while they were out of stock. */
  wantedOutOfStock: string[];
}

/** Deterministic shoppers: the first few abandoned a cart in the last hours, some never identified themselves. */
export function buildShoppers(workspaceId: string, now: Date, count = DEMO_CUSTOMER_COUNT): Shopper[] {
  const random = createRandom(20261123);
  const shoppers: Shopper[] = [];
  for (let index = 0; index < count; index += 1) {
    const customerId = randomUUID();
    const anonymousId = `anon-${randomUUID()}`;
    // Every sixth shopper never logged in: only an anonymous id, no email.
    const identified = index % 6 !== 5;
    const firstName = pick(random, demoFirstNames);
    const lastName = pick(random, demoLastNames);
    const place = pick(random, demoPlaces);
    const device = pick(random, demoDevices);
    const source = pick(random, demoSources);
    const userId = identified ? `demo-user-${String(index + 1).padStart(3, '0')}` : null;
    const email = identified ? `${ascii(firstName)}.${ascii(lastName)}${index + 1}@example.com` : null;
    const firstSeenAt = new Date(now.getTime() - (3 + random() * 27) * DAY_MS);
    const context = {
      userAgent: device.userAgent,
      locale: place.locale,
      timezone: place.timezone,
      library: { name: 'demo-seed', version: '1' },
    };

    const events: Prisma.EventCreateManyInput[] = [];
    let sequence = 0;
    const addEvent = (type: EventType, name: string | null, properties: Prisma.InputJsonObject, at: Date) => {
      sequence += 1;
      events.push({
        workspaceId,
        customerId,
        messageId: `demo-${index + 1}-${sequence}`,
        type,
        name,
        properties,
        context: { ...context, page: { url: typeof properties.url === 'string' ? properties.url : '/shop' } },
        timestamp: at,
        receivedAt: at,
      });
    };

    if (identified) {
      addEvent(EventType.IDENTIFY, null, { firstName, lastName, email }, firstSeenAt);
    }
    const sessionCount = 1 + Math.floor(random() * 4);
    const abandonsNow = index < 5;
    let orderCount = 0;
    let lastSeenAt = firstSeenAt;
    const wantedOutOfStock = new Set<string>();
    for (let session = 0; session < sessionCount; session += 1) {
      const lastSession = session === sessionCount - 1;
      const start =
        abandonsNow && lastSession
          ? new Date(now.getTime() - (1 + random() * 2) * 60 * 60 * 1000)
          : new Date(
              firstSeenAt.getTime() +
                ((session + random()) / sessionCount) *
                  (now.getTime() - firstSeenAt.getTime() - 3 * 60 * 60 * 1000),
            );
      let at = start.getTime();
      const step = () => new Date((at += (1 + random() * 4) * 60 * 1000));
      const viewed: DemoProduct[] = [];
      for (let view = 0, views = 1 + Math.floor(random() * 3); view < views; view += 1) {
        const product = pick(random, demoProducts);
        viewed.push(product);
        if (product.stock === 0) wantedOutOfStock.add(product.id);
        addEvent(EventType.TRACK, 'Product Viewed', productProperties(product), step());
      }
      const inStock = viewed.filter((product) => product.stock > 0);
      const adds = abandonsNow && lastSession ? true : random() < 0.45;
      if (adds && inStock.length > 0) {
        const cartId = `cart-${index + 1}-${session + 1}`;
        const product = pick(random, inStock);
        addEvent(
          EventType.TRACK,
          'Product Added',
          { ...productProperties(product), cart_id: cartId },
          step(),
        );
        const checksOut = !(abandonsNow && lastSession) && random() < 0.6;
        if (checksOut) {
          const value = Number(product.price);
          addEvent(
            EventType.TRACK,
            'Checkout Started',
            { cart_id: cartId, value, currency: 'USD', products: [productProperties(product)] },
            step(),
          );
          if (random() < 0.7) {
            orderCount += 1;
            addEvent(
              EventType.TRACK,
              'Order Completed',
              {
                order_id: `order-${index + 1}-${orderCount}`,
                cart_id: cartId,
                total: value,
                revenue: value,
                currency: 'USD',
                products: [productProperties(product)],
              },
              step(),
            );
          }
        }
      }
      lastSeenAt = new Date(at);
    }

    const lapsed = now.getTime() - lastSeenAt.getTime() > 21 * DAY_MS;
    const lifecycleStage =
      orderCount === 0
        ? LifecycleStage.NEW
        : lapsed
          ? LifecycleStage.LAPSED
          : orderCount === 1
            ? LifecycleStage.ACTIVE
            : LifecycleStage.REPEAT;
    const hasPhone = identified && random() < 0.3;
    shoppers.push({
      customer: {
        id: customerId,
        workspaceId,
        userId,
        email,
        emailOptIn: identified && random() < 0.8,
        phone: hasPhone ? `+1555${String(1_000_000 + index * 7919).slice(-7)}` : null,
        smsOptIn: hasPhone && random() < 0.6,
        traits: identified ? { firstName, lastName, email, name: `${firstName} ${lastName}` } : {},
        timezone: place.timezone,
        locale: place.locale,
        country: place.country,
        region: place.region,
        deviceType: device.deviceType,
        platform: device.platform,
        source,
        lifecycleStage,
        tags: orderCount >= 2 ? ['vip'] : [],
        orderCount,
        firstSeenAt,
        lastSeenAt,
        createdAt: firstSeenAt,
        updatedAt: lastSeenAt,
      },
      identities: [
        {
          workspaceId,
          customerId,
          kind: IdentityKind.ANONYMOUS_ID,
          value: anonymousId,
          createdAt: firstSeenAt,
        },
        ...(userId
          ? [{ workspaceId, customerId, kind: IdentityKind.USER_ID, value: userId, createdAt: firstSeenAt }]
          : []),
      ],
      events,
      wantedOutOfStock: [...wantedOutOfStock],
    });
  }
  return shoppers;
}

function productProperties(product: DemoProduct): Prisma.InputJsonObject {
  return {
    product_id: product.id,
    sku: product.id.toUpperCase(),
    name: product.name,
    price: Number(product.price),
    currency: 'USD',
    category: product.category,
    url: `/shop/products/${product.id}`,
    image_url: `/demo/products/${product.id}.svg`,
    quantity: 1,
  };
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

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
