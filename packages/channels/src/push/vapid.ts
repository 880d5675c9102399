import webpush from 'web-push';

export interface VapidKeys {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/** Lifetime of a VAPID JWT we sign; the spec caps it at 24 h. */
const TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Re-sign this long before expiry so a token never expires while a request is in flight. */
const REFRESH_MARGIN_SECONDS = 3600;

/**
 * Signs one VAPID JWT per (key pair, push-service origin) and reuses it for its validity window.
 * web-push's sendNotification signs an ES256 JWT per call, which is a large share of its per-message cost;
 * the JWT only names the audience (the push service origin), the subject and the expiry, so the same
 * token is valid for every subscription on that push service.
 */
export class VapidTokenCache {
  private readonly tokens = new Map<string, { authorization: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  authorization(keys: VapidKeys, audience: string): string {
    const key = `${keys.publicKey}|${audience}`;
    const nowSeconds = Math.floor(this.now() / 1000);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - REFRESH_MARGIN_SECONDS > nowSeconds) return cached.authorization;
    const expiresAt = nowSeconds + TOKEN_LIFETIME_SECONDS;
    const headers = webpush.getVapidHeaders(
      audience,
      keys.subject,
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
      expiresAt,
    );
    const authorization = String(headers.Authorization);
    // Bounded: one entry per workspace per push service; drop everything if something floods it.
    if (this.tokens.size > 10_000) this.tokens.clear();
    this.tokens.set(key, { authorization, expiresAt });
    return authorization;
  }
}
