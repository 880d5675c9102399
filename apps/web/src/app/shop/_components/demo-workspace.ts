import { findWorkspaceBySlug, getDb, type StorefrontProduct } from '@nudgeflow/db';

/** The demo shop sells the demo workspace's catalog (seeded by `npm start`). Only public fields leave here. */
export const DEMO_WORKSPACE_SLUG = 'demo';

export async function demoWorkspace(): Promise<{ id: string; name: string; writeKey: string } | null> {
  const workspace = await findWorkspaceBySlug(getDb(), DEMO_WORKSPACE_SLUG);
  return workspace ? { id: workspace.id, name: workspace.name, writeKey: workspace.writeKey } : null;
}

export function formatPrice(product: Pick<StorefrontProduct, 'price' | 'currency'>): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: product.currency }).format(
    Number(product.price),
  );
}
