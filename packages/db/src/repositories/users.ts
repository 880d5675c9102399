import { generateRandomString } from 'better-auth/crypto';
import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

export interface PasswordUserInput {
  email: string;
  name: string;
  /** better-auth's scrypt hash (`hashPassword` from better-auth/crypto). */
  passwordHash: string;
  now?: Date;
}

/**
 * A user who signs in with email and password, stored the way better-auth's credential provider stores
 * one. Sign-up through the API is closed, so this is how accounts come to exist: the first-run owner (the
 * seed) and accepted invitations.
 */
export async function createPasswordUser(
  db: Db | Prisma.TransactionClient,
  input: PasswordUserInput,
): Promise<string> {
  const now = input.now ?? new Date();
  const userId = generateRandomString(32, 'a-z', 'A-Z', '0-9');
  await db.user.create({
    data: {
      id: userId,
      name: input.name,
      email: input.email,
      emailVerified: true,
      createdAt: now,
      updatedAt: now,
      accounts: {
        create: {
          id: generateRandomString(32, 'a-z', 'A-Z', '0-9'),
          accountId: userId,
          providerId: 'credential',
          password: input.passwordHash,
          createdAt: now,
          updatedAt: now,
        },
      },
    },
  });
  return userId;
}
