import { randomUUID } from 'node:crypto';
import { EventType, IdentityKind, LifecycleStage, type Prisma } from './generated/prisma/client';
import {
  createRandom,
  demoDevices,
  demoFirstNames,
  demoLastNames,
  demoPlaces,
  demoProducts,
  demoSources,
  pick,
  type DemoProduct,
} from './demo-data';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEMO_CUSTOMER_COUNT = 50;

export interface Shopper {
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
      const abandoning = abandonsNow && session === sessionCount - 1;
      const start = abandoning
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
        // The abandoned cart needs something that can go in it: the last view before it is in stock.
        const choices =
          abandoning && view === views - 1 ? demoProducts.filter((p) => p.stock > 0) : demoProducts;
        const product = pick(random, choices);
        viewed.push(product);
        if (product.stock === 0) wantedOutOfStock.add(product.id);
        addEvent(EventType.TRACK, 'Product Viewed', productProperties(product), step());
      }
      const inStock = viewed.filter((product) => product.stock > 0);
      const adds = abandoning || random() < 0.45;
      if (adds && inStock.length > 0) {
        const cartId = `cart-${index + 1}-${session + 1}`;
        const product = pick(random, inStock);
        addEvent(
          EventType.TRACK,
          'Product Added',
          { ...productProperties(product), cart_id: cartId },
          step(),
        );
        const checksOut = !abandoning && random() < 0.6;
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

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
