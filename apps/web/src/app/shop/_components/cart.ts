'use client';

import { useSyncExternalStore } from 'react';

/**
 * The demo cart, in localStorage so it survives leaving the shop (abandoned-cart journeys need that). It
 * carries a cart_id, which Product Added events include so a journey can be unique per cart.
 */
export interface CartLine {
  productId: string;
  name: string;
  price: string;
  imageUrl: string | null;
  quantity: number;
}

export interface Cart {
  cartId: string;
  lines: CartLine[];
}

const KEY = 'nudgeflow_demo_cart';
const listeners = new Set<() => void>();
let cached: { raw: string | null; cart: Cart } | null = null;
const EMPTY: Cart = { cartId: '', lines: [] };

function newCartId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `cart-${Date.now()}-${Math.random()}`;
}

export function readCart(): Cart {
  if (typeof window === 'undefined') return EMPTY;
  const raw = localStorage.getItem(KEY);
  if (cached && cached.raw === raw) return cached.cart;
  let cart: Cart = { cartId: newCartId(), lines: [] };
  try {
    const parsed = raw ? (JSON.parse(raw) as Cart) : null;
    if (parsed?.cartId && Array.isArray(parsed.lines)) cart = parsed;
  } catch {
    // A corrupt cart is replaced by an empty one.
  }
  cached = { raw, cart };
  return cart;
}

function writeCart(cart: Cart): void {
  localStorage.setItem(KEY, JSON.stringify(cart));
  listeners.forEach((listener) => listener());
}

export function addToCart(line: Omit<CartLine, 'quantity'>, quantity = 1): Cart {
  const cart = readCart();
  const existing = cart.lines.find((l) => l.productId === line.productId);
  const lines = existing
    ? cart.lines.map((l) => (l.productId === line.productId ? { ...l, quantity: l.quantity + quantity } : l))
    : [...cart.lines, { ...line, quantity }];
  const next = { cartId: cart.cartId, lines };
  writeCart(next);
  return next;
}

export function removeFromCart(productId: string): Cart {
  const cart = readCart();
  const next = { cartId: cart.cartId, lines: cart.lines.filter((l) => l.productId !== productId) };
  writeCart(next);
  return next;
}

/** After an order: a new, empty cart with a new id. */
export function clearCart(): void {
  writeCart({ cartId: newCartId(), lines: [] });
}

export function cartTotal(cart: Cart): string {
  return cart.lines.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0).toFixed(2);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => event.key === KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useCart(): Cart {
  return useSyncExternalStore(subscribe, readCart, () => EMPTY);
}
