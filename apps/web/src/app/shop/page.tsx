import { getDb, listStorefrontProducts } from '@nudgeflow/db';
import Link from 'next/link';
import { demoWorkspace, formatPrice } from './_components/demo-workspace';

export const dynamic = 'force-dynamic';

export default async function ShopHome() {
  const workspace = await demoWorkspace();
  if (!workspace) return null;
  const products = await listStorefrontProducts(getDb(), workspace.id);
  return (
    <>
      <section className="shop-hero">
        <h1>Gear for the long way round</h1>
        <p>Shoes, bags and layers for city and trail. Browse, add something to your cart, and wander off.</p>
      </section>
      <ul className="shop-grid" data-testid="product-grid">
        {products.map((product) => (
          <li key={product.id} className="shop-card">
            <Link href={`/shop/products/${product.id}`} data-testid={`product-${product.id}`}>
              {product.imageUrl ? (
                <img src={product.imageUrl} alt={product.name} width={400} height={400} />
              ) : null}
              <span className="shop-card-name">{product.name}</span>
              <span className="shop-card-price">{formatPrice(product)}</span>
              {product.stock <= 0 ? <span className="shop-tag">Sold out</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
