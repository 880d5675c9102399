import { describe, expect, it } from 'vitest';
import { buildShoppers } from './demo-shoppers';

const now = new Date('2026-11-23T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('buildShoppers', () => {
  const shoppers = buildShoppers('00000000-0000-4000-8000-000000000000', now);
  const events = shoppers.flatMap((shopper) => shopper.events);

  it('makes 50 shoppers with a month of events, each with a unique message id', () => {
    expect(shoppers).toHaveLength(50);
    expect(events.length).toBeGreaterThan(200);
    expect(new Set(events.map((event) => event.messageId)).size).toBe(events.length);
    for (const event of events) {
      const at = new Date(event.timestamp).getTime();
      expect(at).toBeGreaterThan(now.getTime() - 31 * DAY_MS);
      expect(at).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('is the same story on every run', () => {
    const again = buildShoppers('00000000-0000-4000-8000-000000000000', now);
    expect(again.map((s) => [s.customer.email, s.customer.orderCount, s.events.length])).toEqual(
      shoppers.map((s) => [s.customer.email, s.customer.orderCount, s.events.length]),
    );
  });

  it('gives the first five shoppers a cart abandoned in the last hours', () => {
    for (const shopper of shoppers.slice(0, 5)) {
      const last = shopper.events.at(-1);
      expect(last?.name).toBe('Product Added');
      expect(now.getTime() - new Date(last?.timestamp ?? 0).getTime()).toBeLessThan(4 * 60 * 60 * 1000);
    }
  });

  it('keeps profiles consistent with their events', () => {
    for (const shopper of shoppers) {
      const orders = shopper.events.filter((event) => event.name === 'Order Completed').length;
      expect(shopper.customer.orderCount).toBe(orders);
      expect(shopper.identities.some((identity) => identity.kind === 'ANONYMOUS_ID')).toBe(true);
      expect(Boolean(shopper.customer.email)).toBe(Boolean(shopper.customer.userId));
    }
    expect(shoppers.filter((shopper) => !shopper.customer.userId).length).toBeGreaterThan(0);
  });
});
