'use client';

import Link from 'next/link';
import { useCart } from './cart';

export function CartLink() {
  const cart = useCart();
  const count = cart.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Link href="/shop/cart" className="shop-cart-link" data-testid="cart-link">
      Cart{count > 0 ? <span className="shop-badge">{count}</span> : null}
    </Link>
  );
}
