import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { env } from '@nudgeflow/config';

/**
 * Secrets at rest (SMTP passwords, SMS auth tokens, signing secrets, VAPID private keys): AES-256-GCM with a
 * key from the environment (NUDGEFLOW_SECRET_KEY, 32 bytes base64). A sealed value reads
 * `nf1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts); the key id is derived from the key itself, so
 * rotating keys (NUDGEFLOW_SECRET_KEYS_PREVIOUS) needs no bookkeeping: a value names the key that opens it.
 * Each value is bound to what it is (`context`, the GCM additional data: workspace id and field), so a
 * ciphertext copied into another workspace's row or another field does not open.
 */

export const SEALED_PREFIX = 'nf1:';

export interface SecretKey {
  /** First 8 hex digits of sha256(key): names the key in a sealed value without revealing it. */
  id: string;
  key: Buffer;
}

export interface SecretKeyring {
  /** Seals every new value. */
  current: SecretKey;
  /** Still open values sealed before a rotation; the startup re-seal moves them to `current`. */
  previous: readonly SecretKey[];
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A 32-byte key from its base64 (or base64url) text; throws naming the variable when it is not 32 bytes. */
export function secretKeyFrom(text: string, name = 'NUDGEFLOW_SECRET_KEY'): SecretKey {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new SecretBoxError(`${name} must be 32 bytes, base64 encoded (got ${key.length})`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function keyringFrom(current: string, previous: readonly string[] = []): SecretKeyring {
  return {
    current: secretKeyFrom(current),
    previous: previous.map((text) => secretKeyFrom(text, 'NUDGEFLOW_SECRET_KEYS_PREVIOUS')),
  };
}

/** A fresh key, as NUDGEFLOW_SECRET_KEY takes it (`openssl rand -base64 32` does the same). */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

let cached: { source: string; keyring: SecretKeyring } | undefined;

/** The keyring of this process, from the validated environment; throws when no key is configured. */
export function secretKeyring(): SecretKeyring {
  const config = env();
  if (!config.NUDGEFLOW_SECRET_KEY)
    throw new SecretBoxError(
      'NUDGEFLOW_SECRET_KEY is not set: secrets are encrypted at rest (docs/operations.md, "Secret key")',
    );
  const source = `${config.NUDGEFLOW_SECRET_KEY}|${config.NUDGEFLOW_SECRET_KEYS_PREVIOUS}`;
  if (cached?.source !== source) {
    const previous = config.NUDGEFLOW_SECRET_KEYS_PREVIOUS.split(',')
      .map((text) => text.trim())
      .filter(Boolean);
    cached = { source, keyring: keyringFrom(config.NUDGEFLOW_SECRET_KEY, previous) };
  }
  return cached.keyring;
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

export function sealSecret(plain: string, context: string, keyring: SecretKeyring = secretKeyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return `${SEALED_PREFIX}${keyring.current.id}:${parts.join(':')}`;
}

/** The id of the key that sealed a value (null when it is not a sealed value). */
export function sealedKeyId(sealed: string): string | null {
  if (!isSealed(sealed)) return null;
  return sealed.slice(SEALED_PREFIX.length).split(':')[0] ?? null;
}

/**
 * Opens a sealed value. Refuses (SecretBoxError) a value that is not sealed, was sealed with a key this
 * process does not have, was sealed for another context, or was changed in any bit.
 */
export function openSecret(
  sealed: string,
  context: string,
  keyring: SecretKeyring = secretKeyring(),
): string {
  if (!isSealed(sealed)) throw new SecretBoxError(`${context}: not a sealed value`);
  const [keyId, iv, tag, ciphertext, ...rest] = sealed.slice(SEALED_PREFIX.length).split(':');
  if (!keyId || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0)
    throw new SecretBoxError(`${context}: malformed sealed value`);
  const key = [keyring.current, ...keyring.previous].find((candidate) => candidate.id === keyId);
  if (!key) throw new SecretBoxError(`${context}: sealed with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'), {
      // Without it Node accepts a truncated tag, which would make forging far easier.
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretBoxError(`${context}: the sealed value does not verify (changed, or another key)`);
  }
}

/** Whether a value must be (re)sealed: legacy plain text, or sealed with a key other than the current one. */
export function needsSealing(value: string, keyring: SecretKeyring = secretKeyring()): boolean {
  return sealedKeyId(value) !== keyring.current.id;
}

/** Plain text or an old key's seal → sealed with the current key (the startup re-seal). */
export function resealSecret(
  value: string,
  context: string,
  keyring: SecretKeyring = secretKeyring(),
): string {
  const plain = isSealed(value) ? openSecret(value, context, keyring) : value;
  return sealSecret(plain, context, keyring);
}
