'use client';

import { useEffect, useState } from 'react';
import type { StorefrontProduct } from '@nudgeflow/db';
import { addToCart } from './cart';
import { callSdk } from './sdk-calls';

/** Segment's e-commerce spec properties for a product. */
export function productProperties(product: StorefrontProduct) {
  return {
    product_id: product.id,
    name: product.name,
    price: Number(product.price),
    currency: product.currency,
    category: product.category,
    image_url: product.imageUrl,
    url: product.url ?? `/shop/products/${product.id}`,
  };
}

/** Tracks Product Viewed once per page view and offers "Add to cart" (Product Added with cart_id). */
export function ProductActions({ product }: { product: StorefrontProduct }) {
  const [added, setAdded] = useState(false);

  useEffect(() => {
    callSdk('track', 'Product Viewed', productProperties(product));
  }, [product]);

  if (product.stock <= 0) {
    return (
      <p className="shop-note" data-testid="out-of-stock">
        Out of stock — we can let you know when it is back.
      </p>
    );
  }

  return (
    <div className="shop-actions">
      <button
        type="button"
        className="shop-button"
        data-testid="add-to-cart"
        onClick={() => {
          const cart = addToCart({
            productId: product.id,
            name: product.name,
            price: product.price,
            imageUrl: product.imageUrl,
          });
          callSdk('track', 'Product Added', {
            ...productProperties(product),
            quantity: 1,
            cart_id: cart.cartId,
          });
          setAdded(true);
        }}
      >
        Add to cart
      </button>
      {added ? <span className="shop-note">Added — it waits in your cart.</span> : null}
    </div>
  );
}
