import { isPlainObject } from './sanitise';

/**
 * Derived profile attributes, read from a Segment message's context. Pure functions: the ingestion
 * repository applies them to every stored event, so a profile is current the moment the 200 goes out.
 */
export type DeviceType = 'desktop' | 'mobile' | 'tablet';
export type Platform = 'web' | 'mobile_web' | 'app';
export type TrafficSource = 'social' | 'paid_search' | 'organic_search' | 'email' | 'referral' | 'direct';

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function obj(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

export interface DeviceInfo {
  deviceType: DeviceType | null;
  platform: Platform | null;
}

const TABLET_UA = /iPad|Tablet|PlayBook|Silk|Kindle|(Android(?!.*Mobile))/i;
const MOBILE_UA = /Mobi|iPhone|iPod|Android|BlackBerry|IEMobile|Opera Mini|Windows Phone/i;
const APP_DEVICE_TYPES = new Set(['ios', 'android', 'tvos', 'watchos']);

/** Apps are recognised by Segment's mobile contexts (context.app, device.type ios/android); browsers by user agent. */
export function deriveDevice(context: Record<string, unknown>): DeviceInfo {
  const device = obj(context.device);
  const deviceTypeField = str(device.type)?.toLowerCase() ?? null;
  const isApp =
    isPlainObject(context.app) || (deviceTypeField !== null && APP_DEVICE_TYPES.has(deviceTypeField));
  const userAgent = str(context.userAgent);
  if (isApp) {
    const model = `${str(device.model) ?? ''} ${str(device.name) ?? ''}`;
    return { deviceType: /iPad|Tab/i.test(model) ? 'tablet' : 'mobile', platform: 'app' };
  }
  if (!userAgent) return { deviceType: null, platform: null };
  if (TABLET_UA.test(userAgent)) return { deviceType: 'tablet', platform: 'mobile_web' };
  if (MOBILE_UA.test(userAgent)) return { deviceType: 'mobile', platform: 'mobile_web' };
  return { deviceType: 'desktop', platform: 'web' };
}

const PAID_MEDIA = new Set([
  'cpc',
  'ppc',
  'paid',
  'paidsearch',
  'paid_search',
  'paid-search',
  'sem',
  'cpm',
  'display',
]);
const EMAIL_MEDIA = new Set(['email', 'e-mail', 'newsletter', 'mail']);
const SOCIAL_MEDIA = new Set([
  'social',
  'social-network',
  'social_network',
  'social-media',
  'sm',
  'paid_social',
  'paid-social',
]);
const ORGANIC_MEDIA = new Set(['organic', 'seo']);
const SEARCH_HOSTS =
  /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|qwant|startpage|naver|seznam)\./i;
const SOCIAL_HOSTS =
  /(^|\.)(facebook\.com|fb\.me|instagram\.com|t\.co|twitter\.com|x\.com|linkedin\.com|lnkd\.in|pinterest\.[a-z.]+|tiktok\.com|reddit\.com|youtube\.com|threads\.net|snapchat\.com|whatsapp\.com)$/i;
const WEBMAIL_HOSTS =
  /(^|\.)(mail\.google\.com|outlook\.live\.com|outlook\.office\.com|mail\.yahoo\.com|mail\.proton\.me)$/i;
const SOCIAL_SOURCES =
  /^(facebook|fb|instagram|ig|twitter|x|linkedin|pinterest|tiktok|reddit|youtube|snapchat)$/i;

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Traffic source of a visit, from UTM parameters (context.campaign) first, then click ids in the page URL,
 * then the referrer. Returns null when the message says nothing about a visit (e.g. a server-side track).
 */
export function deriveSource(
  context: Record<string, unknown>,
  properties: Record<string, unknown> = {},
): TrafficSource | null {
  const campaign = obj(context.campaign);
  const medium = str(campaign.medium)?.toLowerCase() ?? null;
  const source = str(campaign.source)?.toLowerCase() ?? null;
  if (medium) {
    if (SOCIAL_MEDIA.has(medium) || (PAID_MEDIA.has(medium) && source && SOCIAL_SOURCES.test(source)))
      return 'social';
    if (PAID_MEDIA.has(medium)) return 'paid_search';
    if (EMAIL_MEDIA.has(medium)) return 'email';
    if (ORGANIC_MEDIA.has(medium)) return 'organic_search';
  }
  if (source && SOCIAL_SOURCES.test(source)) return 'social';
  const page = obj(context.page);
  const pageUrl = str(page.url) ?? str(properties.url);
  if (pageUrl && /[?&](gclid|msclkid|gbraid|wbraid)=/.test(pageUrl)) return 'paid_search';
  if (pageUrl && /[?&](fbclid|ttclid|twclid)=/.test(pageUrl)) return 'social';
  const referrer = str(page.referrer) ?? str(properties.referrer);
  const referrerHost = hostOf(referrer);
  if (referrerHost) {
    if (WEBMAIL_HOSTS.test(referrerHost)) return 'email';
    if (SEARCH_HOSTS.test(referrerHost)) return 'organic_search';
    if (SOCIAL_HOSTS.test(referrerHost)) return 'social';
    const pageHost = hostOf(pageUrl);
    if (!pageHost || pageHost !== referrerHost) return 'referral';
  }
  if (source) return 'referral';
  return pageUrl || isPlainObject(context.page) ? 'direct' : null;
}

export interface LocationInfo {
  country: string | null;
  region: string | null;
}

/** context.location wins; otherwise the country a proxy put in a header (e.g. CF-IPCountry). */
export function deriveLocation(
  context: Record<string, unknown>,
  headerCountry: string | null = null,
): LocationInfo {
  const location = obj(context.location);
  const country = str(location.country) ?? str(headerCountry);
  const region = str(location.region) ?? str(location.state);
  const normalise = (value: string | null) =>
    value === null ? null : value.length === 2 ? value.toUpperCase() : value.slice(0, 64);
  return { country: normalise(country), region: region === null ? null : region.slice(0, 64) };
}

/** BCP 47 tag, canonicalised ("en_us" → "en-US"); null when it is not a language tag. */
export function deriveLocale(context: Record<string, unknown>): string | null {
  const locale = str(context.locale);
  if (!locale) return null;
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}

const knownTimeZones = new Map<string, string | null>();

/** IANA time zone name in its canonical spelling; null when the runtime does not know the zone. */
export function deriveTimeZone(context: Record<string, unknown>): string | null {
  const zone = str(context.timezone);
  if (!zone || zone.length > 64) return null;
  let canonical = knownTimeZones.get(zone);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
    if (knownTimeZones.size < 10_000) knownTimeZones.set(zone, canonical);
  }
  return canonical;
}
