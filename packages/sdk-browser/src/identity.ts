import { uuid } from './uuid';

/**
 * Who the browser is: an anonymousId kept in localStorage and a first-party cookie (either survives the
 * other being cleared, and the cookie lets the shop's server read it), plus the userId and traits once
 * identified. An existing Segment install's `ajs_anonymous_id` is reused so both tools see one visitor.
 */
const ANONYMOUS_KEY = 'nudgeflow_anonymous_id';
const USER_KEY = 'nudgeflow_user_id';
const TRAITS_KEY = 'nudgeflow_user_traits';
const USER_HASH_KEY = 'nudgeflow_user_hash';
const COOKIE = 'nf_aid';
const SEGMENT_COOKIE = 'ajs_anonymous_id';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** localStorage, or memory when it is unavailable (Safari private mode, blocked storage). */
export function browserStore(): KeyValueStore {
  const memory = new Map<string, string>();
  const local = (() => {
    try {
      const probe = '__nudgeflow_probe__';
      globalThis.localStorage.setItem(probe, '1');
      globalThis.localStorage.removeItem(probe);
      return globalThis.localStorage;
    } catch {
      return null;
    }
  })();
  return {
    get: (key) => (local ? local.getItem(key) : (memory.get(key) ?? null)),
    set: (key, value) => {
      if (local) {
        try {
          local.setItem(key, value);
          return;
        } catch {
          // Quota exceeded: fall through to memory so the session still works.
        }
      }
      memory.set(key, value);
    },
    remove: (key) => {
      local?.removeItem(key);
      memory.delete(key);
    },
  };
}

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const [rawName, ...rest] = part.trim().split('=');
    if (rawName === name) {
      const value = decodeURIComponent(rest.join('='));
      // analytics.js stores the id JSON-encoded ("\"abc\"").
      return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
  }
  return null;
}

export interface CookieJar {
  read(): string;
  write(cookie: string): void;
}

const documentCookies: CookieJar = {
  read: () => (typeof document === 'undefined' ? '' : document.cookie),
  write: (cookie) => {
    if (typeof document !== 'undefined') document.cookie = cookie;
  },
};

export class Identity {
  constructor(
    private readonly store: KeyValueStore,
    private readonly cookies: CookieJar = documentCookies,
  ) {}

  anonymousId(): string {
    const cookies = this.cookies.read();
    const existing =
      this.store.get(ANONYMOUS_KEY) ?? readCookie(cookies, COOKIE) ?? readCookie(cookies, SEGMENT_COOKIE);
    const id = existing && existing.length <= 200 ? existing : uuid();
    this.persistAnonymousId(id);
    return id;
  }

  userId(): string | null {
    return this.store.get(USER_KEY);
  }

  /** The proof of userId the shop's server made (identity verification), or null. */
  userHash(): string | null {
    return this.userId() === null ? null : this.store.get(USER_HASH_KEY);
  }

  /** The userId and its proof, for the SDK's own calls (in-app feed, push); empty while anonymous. */
  proof(): { userId?: string; userHash?: string } {
    const userId = this.userId();
    const userHash = this.userHash();
    return { ...(userId ? { userId } : {}), ...(userId && userHash ? { userHash } : {}) };
  }

  traits(): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(this.store.get(TRAITS_KEY) ?? '{}');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }

  /**
   * A different userId starts a new set of traits (and drops the previous user's proof); the same one
   * merges. `userHash` is the proof of userId from the shop's server (docs/security.md).
   */
  identify(userId: string | null, traits: Record<string, unknown>, userHash?: string): void {
    const previous = this.userId();
    if (userId !== null && previous !== null && previous !== userId) this.store.remove(USER_HASH_KEY);
    if (userId !== null) this.store.set(USER_KEY, userId);
    if (userId !== null && userHash) this.store.set(USER_HASH_KEY, userHash);
    const base = userId !== null && previous !== null && previous !== userId ? {} : this.traits();
    this.store.set(TRAITS_KEY, JSON.stringify({ ...base, ...traits }));
  }

  /** Logout: forget the user and start a new anonymous visitor. */
  reset(): void {
    this.store.remove(USER_KEY);
    this.store.remove(TRAITS_KEY);
    this.store.remove(USER_HASH_KEY);
    this.store.remove(ANONYMOUS_KEY);
    this.persistAnonymousId(uuid());
  }

  private persistAnonymousId(id: string): void {
    if (this.store.get(ANONYMOUS_KEY) !== id) this.store.set(ANONYMOUS_KEY, id);
    if (readCookie(this.cookies.read(), COOKIE) !== id) {
      const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
      this.cookies.write(
        `${COOKIE}=${encodeURIComponent(id)}; Max-Age=${ONE_YEAR_SECONDS}; Path=/; SameSite=Lax${secure}`,
      );
    }
  }
}
