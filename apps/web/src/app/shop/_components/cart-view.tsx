'use client';

import Link from 'next/link';
import { cartTotal, removeFromCart, useCart } from './cart';
import { callSdk } from './sdk-calls';

export function CartView() {
  const cart = useCart();
  if (cart.lines.length === 0) {
    return (
      <p className="shop-note" data-testid="cart-empty">
        Your cart is empty. <Link href="/shop">Browse the shop</Link>.
      </p>
    );
  }
  return (
    <div className="shop-cart" data-testid="cart">
      <ul className="shop-cart-lines">
        {cart.lines.map((line) => (
          <li key={line.productId} className="shop-cart-line">
            {line.imageUrl ? <img src={line.imageUrl} alt="" width={64} height={64} /> : null}
            <span className="shop-cart-name">
              <Link href={`/shop/products/${line.productId}`}>{line.name}</Link> × {line.quantity}
            </span>
            <span>${(Number(line.price) * line.quantity).toFixed(2)}</span>
            <button
              type="button"
              className="shop-link-button"
              onClick={() => {
                removeFromCart(line.productId);
                callSdk('track', 'Product Removed', { product_id: line.productId, cart_id: cart.cartId });
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p className="shop-total">
        Total <strong>${cartTotal(cart)}</strong>
      </p>
      <Link href="/shop/checkout" className="shop-button" data-testid="checkout-link">
        Check out
      </Link>
    </div>
  );
}
