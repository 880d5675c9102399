/**
 * The push payload the push channel encrypts (`packages/channels`), and how the service worker turns it
 * into a notification. Pure, so it is unit-tested outside a browser.
 */
export interface PushPayload {
  title: string;
  body?: string;
  icon?: string;
  image?: string;
  badge?: string;
  /** Deep link opened by a click on the notification itself. */
  url?: string;
  actions?: { action: string; title: string; url?: string; icon?: string }[];
  /** Custom data, e.g. a promo code; handed to the page in the click URL's state. */
  data?: Record<string, unknown>;
  sendId?: string;
  tag?: string;
  requireInteraction?: boolean;
}

/** Notification data the click handler reads back. */
export interface NotificationData {
  url: string | null;
  actionUrls: Record<string, string>;
  sendId: string | null;
  custom: Record<string, unknown>;
}

export interface NotificationSpec {
  title: string;
  options: NotificationOptions & {
    image?: string;
    actions?: { action: string; title: string; icon?: string }[];
    data: NotificationData;
  };
}

const MAX_ACTIONS = 2;
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Accepts anything: a malformed payload still shows a notification rather than failing silently. */
export function parsePushPayload(raw: unknown): PushPayload {
  if (typeof raw === 'string') return { title: raw };
  if (!raw || typeof raw !== 'object') return { title: 'New message' };
  const input = raw as Record<string, unknown>;
  const actions = Array.isArray(input.actions)
    ? input.actions
        .filter((a): a is Record<string, unknown> => !!a && typeof a === 'object')
        .map((a, index) => ({
          action: asString(a.action) ?? asString(a.id) ?? `action-${index + 1}`,
          title: asString(a.title) ?? asString(a.label) ?? 'Open',
          ...(asString(a.url) ? { url: asString(a.url) } : {}),
          ...(asString(a.icon) ? { icon: asString(a.icon) } : {}),
        }))
        .slice(0, MAX_ACTIONS)
    : [];
  const data = input.data && typeof input.data === 'object' ? (input.data as Record<string, unknown>) : {};
  const payload: PushPayload = { title: asString(input.title) ?? 'New message' };
  for (const key of ['body', 'icon', 'image', 'badge', 'url', 'sendId', 'tag'] as const) {
    const value = asString(input[key]);
    if (value) payload[key] = value;
  }
  if (actions.length > 0) payload.actions = actions;
  if (Object.keys(data).length > 0) payload.data = data;
  if (input.requireInteraction === true) payload.requireInteraction = true;
  return payload;
}

export function notificationSpec(payload: PushPayload): NotificationSpec {
  const actionUrls: Record<string, string> = {};
  for (const action of payload.actions ?? []) if (action.url) actionUrls[action.action] = action.url;
  return {
    title: payload.title,
    options: {
      ...(payload.body ? { body: payload.body } : {}),
      ...(payload.icon ? { icon: payload.icon } : {}),
      ...(payload.image ? { image: payload.image } : {}),
      ...(payload.badge ? { badge: payload.badge } : {}),
      // One notification per send: a re-delivered push replaces rather than duplicates it.
      ...(payload.tag || payload.sendId ? { tag: payload.tag ?? payload.sendId } : {}),
      ...(payload.requireInteraction ? { requireInteraction: true } : {}),
      ...(payload.actions?.length
        ? {
            actions: payload.actions.map(({ action, title, icon }) => ({
              action,
              title,
              ...(icon ? { icon } : {}),
            })),
          }
        : {}),
      data: {
        url: payload.url ?? null,
        actionUrls,
        sendId: payload.sendId ?? null,
        custom: payload.data ?? {},
      },
    },
  };
}

/** Where a click goes: the action's own link, else the notification's deep link, else the site root. */
export function clickTarget(
  data: Partial<NotificationData> | undefined,
  action: string,
  scope: string,
): string {
  const target = (action && data?.actionUrls?.[action]) || data?.url || scope;
  try {
    return new URL(target, scope).toString();
  } catch {
    return scope;
  }
}
