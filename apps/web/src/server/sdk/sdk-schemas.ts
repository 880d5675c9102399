import { z } from 'zod';

/** Fields every SDK call carries. anonymousId is the visitor's random id; userId is set once identified. */
export const writeKeyField = z.string().min(1, 'is required').max(255);
export const anonymousIdField = z.string().min(1, 'is required').max(200);
export const userIdField = z.string().min(1).max(200);
/** Proof of userId from the shop's server: a hex HMAC or an HS256 identity token (docs/security.md). */
export const userHashField = z.string().min(1).max(4096);

export const PushSubscribeBody = z.object({
  writeKey: writeKeyField,
  anonymousId: anonymousIdField,
  userId: userIdField.optional(),
  userHash: userHashField.optional(),
  userAgent: z.string().max(500).optional(),
  subscription: z.object({
    endpoint: z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(2000),
    keys: z.object({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'must be a base64url P-256 public key'),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, 'must be a base64url auth secret'),
    }),
    expirationTime: z.number().nullable().optional(),
  }),
});

export const PushUnsubscribeBody = z.object({
  writeKey: writeKeyField,
  endpoint: z.string().min(1).max(2000),
});

export const PushReceiptBody = z.object({
  writeKey: writeKeyField,
  sendId: z.uuid('must be a send id (uuid)'),
  action: z.string().max(100).nullable().optional(),
  url: z.string().max(2000).optional(),
});

export const VisitorQuery = z.object({
  writeKey: writeKeyField,
  anonymousId: anonymousIdField,
  userId: userIdField.optional(),
  userHash: userHashField.optional(),
});

export const InAppReportBody = z.object({
  writeKey: writeKeyField,
  anonymousId: anonymousIdField,
  userId: userIdField.optional(),
  userHash: userHashField.optional(),
  action: z.string().max(100).nullable().optional(),
  url: z.string().max(2000).nullable().optional(),
});
