'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { cartTotal, clearCart, useCart } from './cart';
import { callSdk } from './sdk-calls';

/** The demo shop's server signs the shopper's id (POST /shop/identity); null when it cannot. */
async function signShopper(email: string): Promise<{ userId: string; userHash: string } | null> {
  try {
    const response = await fetch('/shop/identity', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return response.ok ? ((await response.json()) as { userId: string; userHash: string }) : null;
  } catch {
    return null;
  }
}

/** Checkout Started on arrival; identify + Order Completed on submit (no payment in the demo). */
export function CheckoutForm() {
  const cart = useCart();
  const [orderId, setOrderId] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current || cart.lines.length === 0) return;
    started.current = true;
    callSdk('track', 'Checkout Started', {
      cart_id: cart.cartId,
      value: Number(cartTotal(cart)),
      currency: 'USD',
      products: cart.lines.map((l) => ({
        product_id: l.productId,
        name: l.name,
        price: Number(l.price),
        quantity: l.quantity,
      })),
    });
  }, [cart]);

  if (orderId) {
    return (
      <div className="shop-confirmation" data-testid="order-confirmation">
        <h2>Thank you!</h2>
        <p>
          Order <code>{orderId}</code> is on its way. <Link href="/shop">Keep shopping</Link>
        </p>
      </div>
    );
  }
  if (cart.lines.length === 0) {
    return (
      <p className="shop-note">
        Nothing to check out. <Link href="/shop">Browse the shop</Link>.
      </p>
    );
  }

  return (
    <form
      className="shop-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const email = String(form.get('email') ?? '').trim();
        const name = String(form.get('name') ?? '').trim();
        const order = `order-${Date.now().toString(36)}`;
        // The shop's server signs the user id (identity verification); the SDK sends the proof along.
        const signed = await signShopper(email);
        callSdk(
          'identify',
          signed?.userId ?? email,
          { email, name, ...(form.get('marketing') ? { email_opt_in: true } : {}) },
          signed ? { userHash: signed.userHash } : {},
        );
        callSdk('track', 'Order Completed', {
          order_id: order,
          cart_id: cart.cartId,
          total: Number(cartTotal(cart)),
          revenue: Number(cartTotal(cart)),
          currency: 'USD',
          products: cart.lines.map((l) => ({
            product_id: l.productId,
            name: l.name,
            price: Number(l.price),
            quantity: l.quantity,
          })),
        });
        clearCart();
        setOrderId(order);
      }}
    >
      <label>
        Email
        <input name="email" type="email" required autoComplete="email" data-testid="checkout-email" />
      </label>
      <label>
        Name
        <input name="name" type="text" autoComplete="name" />
      </label>
      <label className="shop-checkbox">
        <input name="marketing" type="checkbox" defaultChecked /> Email me offers and news
      </label>
      <p className="shop-total">
        Total <strong>${cartTotal(cart)}</strong>
      </p>
      <button type="submit" className="shop-button" data-testid="place-order">
        Place order
      </button>
    </form>
  );
}
