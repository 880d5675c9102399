import { deriveDevice, deriveLocale, deriveLocation, deriveSource, deriveTimeZone } from './derive';
import { lifecycleStage, ORDER_EVENT, type LifecycleStage } from './lifecycle';
import type { IngestMessage } from './messages';
import { isPlainObject } from './sanitise';

/** The mutable part of a Customer row that ingestion keeps current. */
export interface ProfileState {
  userId: string | null;
  traits: Record<string, unknown>;
  email: string | null;
  emailOptIn: boolean;
  phone: string | null;
  smsOptIn: boolean;
  unsubscribedAll: boolean;
  timezone: string | null;
  locale: string | null;
  country: string | null;
  region: string | null;
  deviceType: string | null;
  platform: string | null;
  source: string | null;
  lifecycleStage: LifecycleStage;
  tags: string[];
  orderCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface ConsentChangeInput {
  /** "email" | "sms" | "all" */
  subject: string;
  granted: boolean;
  source: string;
}

export interface ProfileUpdate {
  profile: ProfileState;
  consentChanges: ConsentChangeInput[];
}

export interface MessageHints {
  /** Country from a trusted proxy header, used when context.location has none. */
  headerCountry: string | null;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TAGS = 100;

/** Explicit consent fields in identify traits. Only an explicit boolean changes consent; absence never does. */
const CONSENT_FIELDS: Record<'email' | 'sms' | 'all', string[]> = {
  email: ['emailOptIn', 'email_opt_in', 'emailConsent', 'email_consent'],
  sms: ['smsOptIn', 'sms_opt_in', 'smsConsent', 'sms_consent'],
  all: ['unsubscribed', 'unsubscribedAll', 'unsubscribed_all'],
};

/** Traits only a proven user may change: contact addresses and every consent field. */
export const PROTECTED_TRAITS: readonly string[] = [
  'email',
  'phone',
  ...Object.values(CONSENT_FIELDS).flat(),
];

function explicitBoolean(traits: Record<string, unknown>, names: string[]): boolean | null {
  for (const name of names) {
    const value = traits[name];
    if (typeof value === 'boolean') return value;
  }
  return null;
}

/** Identify traits merged over the stored ones; a trait sent as null is removed. */
export function mergeTraits(
  current: Record<string, unknown>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function applyIdentify(
  profile: ProfileState,
  traits: Record<string, unknown>,
  consent: ConsentChangeInput[],
): void {
  profile.traits = mergeTraits(profile.traits, traits);
  if (typeof traits.email === 'string') {
    const email = traits.email.trim().toLowerCase();
    if (EMAIL_PATTERN.test(email) && email.length <= 320) {
      if (profile.email !== email && profile.emailOptIn) {
        // Consent was given for an address, not for whatever address the profile has next.
        profile.emailOptIn = false;
        consent.push({ subject: 'email', granted: false, source: 'identify:email-changed' });
      }
      profile.email = email;
    }
  }
  if (typeof traits.phone === 'string') {
    const phone = traits.phone.replace(/[\s().-]/g, '');
    if (/^\+?[0-9]{5,20}$/.test(phone)) {
      if (profile.phone !== phone && profile.smsOptIn) {
        profile.smsOptIn = false;
        consent.push({ subject: 'sms', granted: false, source: 'identify:phone-changed' });
      }
      profile.phone = phone;
    }
  }
  const emailOptIn = explicitBoolean(traits, CONSENT_FIELDS.email);
  if (emailOptIn !== null && emailOptIn !== profile.emailOptIn && (profile.email || !emailOptIn)) {
    profile.emailOptIn = emailOptIn;
    consent.push({ subject: 'email', granted: emailOptIn, source: 'identify' });
  }
  const smsOptIn = explicitBoolean(traits, CONSENT_FIELDS.sms);
  if (smsOptIn !== null && smsOptIn !== profile.smsOptIn && (profile.phone || !smsOptIn)) {
    profile.smsOptIn = smsOptIn;
    consent.push({ subject: 'sms', granted: smsOptIn, source: 'identify' });
  }
  const unsubscribed = explicitBoolean(traits, CONSENT_FIELDS.all);
  if (unsubscribed !== null && unsubscribed !== profile.unsubscribedAll) {
    profile.unsubscribedAll = unsubscribed;
    consent.push({ subject: 'all', granted: !unsubscribed, source: 'identify' });
  }
  if (Array.isArray(traits.tags)) {
    const tags = traits.tags.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '');
    profile.tags = [...new Set(tags.map((tag) => tag.trim().slice(0, 64)))].slice(0, MAX_TAGS);
  }
}

/**
 * Applies one stored message to a profile. Attributes that describe "now" (device, locale, location, time
 * zone) follow the newest event only, so a late-arriving old event cannot overwrite them. The traffic source
 * is the first known non-direct touch: it answers "where did this shopper come from".
 */
export function applyMessageToProfile(
  current: ProfileState,
  message: IngestMessage,
  hints: MessageHints,
  now: Date,
): ProfileUpdate {
  const profile: ProfileState = { ...current, traits: current.traits, tags: current.tags };
  const consentChanges: ConsentChangeInput[] = [];
  if (message.userId && !profile.userId) profile.userId = message.userId;
  const at = message.timestamp;
  const isNewest = at.getTime() >= profile.lastSeenAt.getTime();
  if (at < profile.firstSeenAt) profile.firstSeenAt = at;
  if (isNewest) profile.lastSeenAt = at;

  const context = message.context;
  if (isNewest) {
    const device = deriveDevice(context);
    if (device.platform) {
      profile.platform = device.platform;
      profile.deviceType = device.deviceType;
    }
    const location = deriveLocation(context, hints.headerCountry);
    if (location.country) {
      profile.country = location.country;
      profile.region = location.region;
    }
    profile.locale = deriveLocale(context) ?? profile.locale;
    profile.timezone = deriveTimeZone(context) ?? profile.timezone;
  }
  const source = deriveSource(context, message.type === 'page' ? message.properties : {});
  if (source && (profile.source === null || (profile.source === 'direct' && source !== 'direct')))
    profile.source = source;

  if (message.type === 'identify') applyIdentify(profile, message.traits, consentChanges);
  if (message.type === 'track' && message.name === ORDER_EVENT) profile.orderCount += 1;
  const contextTraits = context.traits;
  if (
    message.type !== 'identify' &&
    isPlainObject(contextTraits) &&
    typeof contextTraits.email === 'string' &&
    !profile.email
  ) {
    applyIdentify(profile, { email: contextTraits.email }, consentChanges);
  }
  profile.lifecycleStage = lifecycleStage({
    orderCount: profile.orderCount,
    lastSeenAt: profile.lastSeenAt,
    now,
  });
  return { profile, consentChanges };
}

export function newProfile(at: Date): ProfileState {
  return {
    userId: null,
    traits: {},
    email: null,
    emailOptIn: false,
    phone: null,
    smsOptIn: false,
    unsubscribedAll: false,
    timezone: null,
    locale: null,
    country: null,
    region: null,
    deviceType: null,
    platform: null,
    source: null,
    lifecycleStage: 'NEW',
    tags: [],
    orderCount: 0,
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

/**
 * Merges an anonymous profile into the known one it turned out to be (identify/alias). The known profile's
 * values win; the anonymous one fills gaps and contributes its history (first seen, orders, source).
 */
export function mergeProfiles(known: ProfileState, anonymous: ProfileState, now: Date): ProfileState {
  const pick = <T>(a: T | null, b: T | null) => (a === null ? b : a);
  const merged: ProfileState = {
    ...known,
    traits: { ...anonymous.traits, ...known.traits },
    email: pick(known.email, anonymous.email),
    emailOptIn: known.email ? known.emailOptIn : anonymous.emailOptIn,
    phone: pick(known.phone, anonymous.phone),
    smsOptIn: known.phone ? known.smsOptIn : anonymous.smsOptIn,
    unsubscribedAll: known.unsubscribedAll || anonymous.unsubscribedAll,
    timezone: pick(known.timezone, anonymous.timezone),
    locale: pick(known.locale, anonymous.locale),
    country: pick(known.country, anonymous.country),
    region: pick(known.region, anonymous.region),
    deviceType: pick(known.deviceType, anonymous.deviceType),
    platform: pick(known.platform, anonymous.platform),
    source:
      known.source === null || known.source === 'direct' ? (anonymous.source ?? known.source) : known.source,
    tags: [...new Set([...known.tags, ...anonymous.tags])].slice(0, MAX_TAGS),
    orderCount: known.orderCount + anonymous.orderCount,
    firstSeenAt: known.firstSeenAt < anonymous.firstSeenAt ? known.firstSeenAt : anonymous.firstSeenAt,
    lastSeenAt: known.lastSeenAt > anonymous.lastSeenAt ? known.lastSeenAt : anonymous.lastSeenAt,
  };
  merged.lifecycleStage = lifecycleStage({
    orderCount: merged.orderCount,
    lastSeenAt: merged.lastSeenAt,
    now,
  });
  return merged;
}
