import type { Db } from '../client';

/** Catalog reads for the demo storefront (apps/web/src/app/shop) and for product blocks in messages. */
const storefrontProductSelect = {
  id: true,
  name: true,
  price: true,
  currency: true,
  imageUrl: true,
  url: true,
  stock: true,
  category: true,
} as const;

export interface StorefrontProduct {
  id: string;
  name: string;
  /** Decimal as a string, e.g. "89.00": money never passes through a float. */
  price: string;
  currency: string;
  imageUrl: string | null;
  url: string | null;
  stock: number;
  category: string | null;
}

function toStorefront(row: {
  id: string;
  name: string;
  price: { toFixed(digits: number): string };
  currency: string;
  imageUrl: string | null;
  url: string | null;
  stock: number;
  category: string | null;
}): StorefrontProduct {
  return { ...row, price: row.price.toFixed(2) };
}

export async function listStorefrontProducts(
  db: Db,
  workspaceId: string,
  limit = 100,
): Promise<StorefrontProduct[]> {
  const rows = await db.product.findMany({
    where: { workspaceId },
    orderBy: [{ category: 'asc' }, { name: 'asc' }],
    take: limit,
    select: storefrontProductSelect,
  });
  return rows.map(toStorefront);
}

export async function findStorefrontProduct(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<StorefrontProduct | null> {
  const row = await db.product.findUnique({
    where: { workspaceId_id: { workspaceId, id } },
    select: storefrontProductSelect,
  });
  return row ? toStorefront(row) : null;
}

/** Products for a message's product block (at most 50), prices as stored. */
export async function findProducts(db: Db, input: { workspaceId: string; ids: string[] }) {
  if (input.ids.length === 0) return [];
  return db.product.findMany({
    where: { workspaceId: input.workspaceId, id: { in: input.ids.slice(0, 50) } },
    select: storefrontProductSelect,
  });
}
