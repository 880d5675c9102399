/**
 * Lifecycle stage from order count and recency:
 *   NEW    — no completed order yet
 *   ACTIVE — one completed order
 *   REPEAT — two or more completed orders
 *   LAPSED — not seen for LAPSED_AFTER_DAYS, whatever they bought before
 * Events keep it current; `lapsed` can only appear with time passing, so the scheduled sweep re-applies it.
 */
export type LifecycleStage = 'NEW' | 'ACTIVE' | 'REPEAT' | 'LAPSED';

export const LAPSED_AFTER_DAYS = 90;
export const ORDER_EVENT = 'Order Completed';

export function lifecycleStage(input: { orderCount: number; lastSeenAt: Date; now: Date }): LifecycleStage {
  const idleMs = input.now.getTime() - input.lastSeenAt.getTime();
  if (idleMs > LAPSED_AFTER_DAYS * 24 * 60 * 60 * 1000) return 'LAPSED';
  if (input.orderCount >= 2) return 'REPEAT';
  if (input.orderCount === 1) return 'ACTIVE';
  return 'NEW';
}
