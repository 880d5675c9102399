import { findStorefrontProduct, getDb } from '@nudgeflow/db';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { demoWorkspace, formatPrice } from '~/app/shop/_components/demo-workspace';
import { ProductActions } from '~/app/shop/_components/product-actions';

export const dynamic = 'force-dynamic';

export default async function ProductPage({ params }: { params: Promise<{ productId: string }> }) {
  const { productId } = await params;
  const workspace = await demoWorkspace();
  if (!workspace) return null;
  const product = await findStorefrontProduct(
    getDb(),
    workspace.id,
    decodeURIComponent(productId).slice(0, 200),
  );
  if (!product) notFound();
  return (
    <article className="shop-product">
      {product.imageUrl ? <img src={product.imageUrl} alt={product.name} width={400} height={400} /> : null}
      <div className="shop-product-info">
        <Link href="/shop" className="shop-back">
          ← All products
        </Link>
        <h1>{product.name}</h1>
        <p className="shop-price">{formatPrice(product)}</p>
        {product.category ? <p className="shop-category">{product.category}</p> : null}
        <ProductActions product={product} />
      </div>
    </article>
  );
}
