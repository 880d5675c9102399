import type { InAppFeedRow } from '@nudgeflow/db';

/**
 * The message shape the SDK renders (packages/sdk-browser `InAppMessageView`). The stored content is the
 * in-app channel's (title, html already sanitised, imageUrl, actions); this is the one place that maps it.
 */
export interface InAppMessageView {
  id: string;
  layout: 'banner' | 'modal' | 'inbox';
  content: {
    title?: string;
    html?: string;
    image?: string;
    actions?: { id: string; label: string; url?: string }[];
  };
  createdAt: string;
  readAt: string | null;
  clickedAt: string | null;
}

const LAYOUTS = new Set(['banner', 'modal', 'inbox']);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function toInAppView(row: InAppFeedRow): InAppMessageView {
  const content = (row.content && typeof row.content === 'object' ? row.content : {}) as Record<
    string,
    unknown
  >;
  const actions = Array.isArray(content.actions)
    ? content.actions
        .filter((action): action is Record<string, unknown> => !!action && typeof action === 'object')
        .map((action, index) => {
          const url = text(action.url);
          return {
            id: text(action.id) ?? text(action.action) ?? `action-${index + 1}`,
            label: text(action.title) ?? text(action.label) ?? 'Open',
            ...(url ? { url } : {}),
          };
        })
    : [];
  const title = text(content.title);
  const html = text(content.html);
  const image = text(content.imageUrl) ?? text(content.image);
  return {
    id: row.id,
    layout: (LAYOUTS.has(row.layout) ? row.layout : 'banner') as InAppMessageView['layout'],
    content: {
      ...(title ? { title } : {}),
      ...(html ? { html } : {}),
      ...(image ? { image } : {}),
      ...(actions.length > 0 ? { actions } : {}),
    },
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    clickedAt: row.clickedAt?.toISOString() ?? null,
  };
}
