import type { EventContext } from './types';

export const SDK_NAME = '@nudgeflow/sdk-browser';
export const SDK_VERSION = '0.1.0';

/** What the context is built from; the real browser supplies it, tests pass plain objects. */
export interface PageEnvironment {
  url: string;
  referrer: string;
  title: string;
  userAgent: string;
  language: string;
  timezone?: string;
  screen?: { width: number; height: number; density?: number };
}

export function currentEnvironment(): PageEnvironment {
  return {
    url: location.href,
    referrer: document.referrer,
    title: document.title,
    userAgent: navigator.userAgent,
    language: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screen: { width: screen.width, height: screen.height, density: devicePixelRatio },
  };
}

/** utm_* query parameters in Segment's `context.campaign` naming (utm_campaign → name). */
export function campaignFromSearch(search: string): Record<string, string> | undefined {
  const params = new URLSearchParams(search);
  const campaign: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!key.startsWith('utm_') || value === '') continue;
    const field = key.slice(4);
    campaign[field === 'campaign' ? 'name' : field] = value;
  }
  return Object.keys(campaign).length > 0 ? campaign : undefined;
}

/** Segment's page properties: url without the hash, path, search, referrer, title. */
export function pageProperties(env: PageEnvironment): NonNullable<EventContext['page']> {
  const url = new URL(env.url);
  url.hash = '';
  return {
    path: url.pathname,
    referrer: env.referrer,
    search: url.search,
    title: env.title,
    url: url.toString(),
  };
}

export function buildContext(env: PageEnvironment): EventContext {
  const page = pageProperties(env);
  const campaign = campaignFromSearch(page.search);
  return {
    library: { name: SDK_NAME, version: SDK_VERSION },
    page,
    userAgent: env.userAgent,
    locale: env.language,
    ...(env.timezone ? { timezone: env.timezone } : {}),
    ...(env.screen ? { screen: env.screen } : {}),
    ...(campaign ? { campaign } : {}),
  };
}
