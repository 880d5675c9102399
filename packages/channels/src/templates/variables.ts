/**
 * The Liquid variables a message renders with: the customer (traits flattened, snake_case names),
 * everything the journey passed in its context (entry event properties, promo code, cart …), and
 * product blocks — `product` for single-product events (Product Viewed/Added, Back In Stock) and
 * `products` for cart and order events — completed from the catalog (Product table), which wins for
 * price and stock because the event may be hours old.
 */
export interface CatalogProduct {
  id: string;
  name: string;
  price: { toString(): string } | number;
  currency: string;
  imageUrl: string | null;
  url: string | null;
  stock: number;
  category: string | null;
}

export interface ProductVariable {
  /** Absent when the event named no product id (the product is then the event's own properties). */
  id?: string;
  name?: string;
  price?: number;
  currency?: string;
  image_url?: string;
  url?: string;
  stock?: number;
  category?: string;
  [key: string]: unknown;
}

export interface CustomerForTemplates {
  id: string;
  userId: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
  traits: Record<string, unknown>;
  [key: string]: unknown;
}

/** Product ids the context mentions, so the caller can load them from the catalog in one query. */
export function productIdsIn(context: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  const single = eventProduct(context);
  if (single?.id) ids.add(single.id);
  for (const product of eventProducts(context)) if (product.id) ids.add(product.id);
  return [...ids];
}

/** An event as templates see it. */
export interface TemplateEvent {
  name: string;
  properties: Record<string, unknown>;
  /** ISO 8601, for Liquid's `date` filter. */
  timestamp: string;
}

/** Events beyond the entry event, loaded at send time (message-sender.ts) or for the preview. */
export interface TemplateEvents {
  /** The customer's latest tracked event. */
  latest: TemplateEvent | null;
  /** The event that ended the run's latest event wait (preview: the latest event, as a sample). */
  waitEnded: TemplateEvent | null;
  /** The last few events of each name, newest first. */
  recent: TemplateEvent[];
}

/** How many events of one name `recent_events` keeps, and how far back it looks. */
export const RECENT_EVENTS = { perName: 10, days: 90 } as const;

/**
 * The variables every message renders with, besides the journey's context (entry event properties at the
 * top level, `entryEvent`, `journey`) and the links channels add (`unsubscribe_url` …). Strict preview
 * reports any other name as unknown.
 */
export interface TemplateVariables {
  customer: Record<string, unknown> & {
    id: string;
    user_id: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
    timezone: string | null;
    first_name: unknown;
    last_name: unknown;
  };
  /** The entry event's product, completed from the catalog (or the event's own properties). */
  product?: ProductVariable;
  products?: ProductVariable[];
  latest_event: TemplateEvent | null;
  wait_event: TemplateEvent | null;
  /** By event name: `recent_events["Product Viewed"][0].properties.name`, newest first. */
  recent_events: Record<string, TemplateEvent[]>;
  [contextKey: string]: unknown;
}

export function buildTemplateVariables(input: {
  customer: CustomerForTemplates;
  context: Record<string, unknown>;
  catalog: CatalogProduct[];
  events?: TemplateEvents;
}): TemplateVariables {
  const catalog = new Map(input.catalog.map((product) => [product.id, product]));
  const enrich = (product: ProductVariable): ProductVariable => {
    // No catalog row (or no id): the event's own properties are the product.
    const row = product.id === undefined ? undefined : catalog.get(product.id);
    if (!row) return product;
    return {
      ...product,
      name: row.name,
      price: Number(row.price.toString()),
      currency: row.currency,
      ...(row.imageUrl ? { image_url: row.imageUrl } : {}),
      ...(row.url ? { url: row.url } : {}),
      stock: row.stock,
      ...(row.category ? { category: row.category } : {}),
    };
  };
  const single = eventProduct(input.context);
  const list = eventProducts(input.context).map(enrich);
  const traits = input.customer.traits;
  return {
    ...input.context,
    customer: {
      ...traits,
      id: input.customer.id,
      user_id: input.customer.userId,
      email: input.customer.email,
      phone: input.customer.phone,
      locale: input.customer.locale,
      timezone: input.customer.timezone,
      first_name: traits.first_name ?? traits.firstName ?? traits.name?.toString().split(' ')[0] ?? null,
      last_name: traits.last_name ?? traits.lastName ?? null,
    },
    ...(single ? { product: enrich(single) } : {}),
    ...(list.length > 0 ? { products: list } : {}),
    latest_event: input.events?.latest ?? null,
    wait_event: input.events?.waitEnded ?? null,
    recent_events: groupByName(input.events?.recent ?? []),
  };
}

function groupByName(events: TemplateEvent[]): Record<string, TemplateEvent[]> {
  const byName: Record<string, TemplateEvent[]> = {};
  for (const event of events) (byName[event.name] ??= []).push(event);
  return byName;
}

/** A stored event row as templates see it. */
export function templateEvent(row: {
  name: string | null;
  properties: unknown;
  timestamp: Date;
}): TemplateEvent {
  return {
    name: row.name ?? '',
    properties: record(row.properties) ?? {},
    timestamp: row.timestamp.toISOString(),
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Where a journey's context may carry event properties: top level, or under `event`/`properties`. */
function propertySources(context: Record<string, unknown>): Record<string, unknown>[] {
  const event = record(context.event);
  return [context, record(event?.properties), event, record(context.properties)].filter(
    (source): source is Record<string, unknown> => source !== null,
  );
}

function toProduct(source: Record<string, unknown>): ProductVariable | null {
  const id = source.product_id ?? source.productId ?? source.id ?? source.sku;
  const product: ProductVariable = { ...source };
  if (typeof id === 'string' || typeof id === 'number') product.id = String(id);
  else if (!describesProduct(source)) return null;
  const price = Number(source.price);
  if (source.price !== undefined && source.price !== null && Number.isFinite(price)) product.price = price;
  const image = source.image_url ?? source.imageUrl ?? source.image;
  if (typeof image === 'string') product.image_url = image;
  return product;
}

/**
 * Segment's product events make `product_id` optional: without it, properties that describe a product
 * (a name with a price, URL or image) still are the product, so the message can name it.
 */
function describesProduct(source: Record<string, unknown>): boolean {
  return (
    typeof source.name === 'string' &&
    ['price', 'url', 'image_url', 'imageUrl', 'image', 'brand', 'variant'].some(
      (key) => source[key] !== undefined && source[key] !== null,
    )
  );
}

function eventProduct(context: Record<string, unknown>): ProductVariable | null {
  for (const source of propertySources(context)) {
    const explicit = record(source.product);
    if (explicit) return toProduct(explicit);
    if (source.product_id !== undefined || source.productId !== undefined) return toProduct(source);
  }
  // No id anywhere: the event's own properties, when they describe a product. The event envelope itself
  // (`event.name` is the event's name) is not a product.
  for (const source of [context, record(record(context.event)?.properties)]) {
    const product = source ? toProduct(source) : null;
    if (product) return product;
  }
  return null;
}

function eventProducts(context: Record<string, unknown>): ProductVariable[] {
  for (const source of propertySources(context)) {
    if (Array.isArray(source.products)) {
      return source.products
        .map((item) => (record(item) ? toProduct(item as Record<string, unknown>) : null))
        .filter((item): item is ProductVariable => item !== null)
        .slice(0, 50);
    }
  }
  return [];
}
