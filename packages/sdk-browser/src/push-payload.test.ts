import { describe, expect, it } from 'vitest';
import { clickTarget, notificationSpec, parsePushPayload } from './push-payload';

describe('push payload → notification', () => {
  const payload = {
    title: 'Your cart misses you',
    body: 'Sneakers are still in your cart',
    icon: '/icon.svg',
    image: '/products/sneakers.svg',
    url: '/shop/cart',
    actions: [
      { action: 'checkout', title: 'Check out', url: '/shop/checkout' },
      { action: 'later', title: 'Later' },
      { action: 'third', title: 'Dropped: browsers show two' },
    ],
    data: { promo_code: 'COMEBACK10' },
    sendId: '3f2b0c1e-1111-4222-8333-444455556666',
  };

  it('maps title, body, images, two actions and click data', () => {
    const spec = notificationSpec(parsePushPayload(payload));
    expect(spec).toEqual({
      title: 'Your cart misses you',
      options: {
        body: 'Sneakers are still in your cart',
        icon: '/icon.svg',
        image: '/products/sneakers.svg',
        tag: payload.sendId,
        actions: [
          { action: 'checkout', title: 'Check out' },
          { action: 'later', title: 'Later' },
        ],
        data: {
          url: '/shop/cart',
          actionUrls: { checkout: '/shop/checkout' },
          sendId: payload.sendId,
          custom: { promo_code: 'COMEBACK10' },
        },
      },
    });
  });

  it('still shows something for malformed payloads', () => {
    expect(parsePushPayload('plain text')).toEqual({ title: 'plain text' });
    expect(parsePushPayload(null)).toEqual({ title: 'New message' });
    expect(parsePushPayload({ title: 42, actions: 'nope', data: 7 })).toEqual({ title: 'New message' });
  });

  it('resolves click targets per action, falling back to the deep link and the scope', () => {
    const data = notificationSpec(parsePushPayload(payload)).options.data;
    const scope = 'https://shop.example/';
    expect(clickTarget(data, 'checkout', scope)).toBe('https://shop.example/shop/checkout');
    expect(clickTarget(data, 'later', scope)).toBe('https://shop.example/shop/cart');
    expect(clickTarget(data, '', scope)).toBe('https://shop.example/shop/cart');
    expect(clickTarget(undefined, '', scope)).toBe(scope);
  });
});
