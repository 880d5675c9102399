import { env } from '@nudgeflow/config';
import { getDMMF } from '@prisma/get-dmmf';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffEmptyToSchema } from './prisma-schema-engine';
import { actualShape, compareShapes, type DmmfDatamodel, expectedShape } from './schema-shape';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing';

/**
 * The drift check encodes Prisma's naming and type conventions. This proves them against Prisma's own
 * engine on schema features the project's schema does not use yet (@map, @@map, named constraints, native
 * types, optional and self relations, enum @map, lists, dbgenerated and literal defaults), so the check stays
 * right as the schema grows.
 */
const featureSchema = `
datasource db {
  provider = "postgresql"
}

enum Tier {
  FREE
  PRO  @map("professional")

  @@map("tier_kind")
}

model Account {
  id        Int       @id @default(autoincrement())
  handle    String    @db.VarChar(40)
  tier      Tier      @default(PRO)
  score     Float     @default(1.5)
  big       BigInt    @default(42)
  ratio     Decimal   @default(0.25)
  flags     Int[]     @default([])
  labels    String[]
  bytes     Bytes?
  seenAt    DateTime? @db.Timestamptz(6)
  day       DateTime  @default(dbgenerated("CURRENT_DATE")) @db.Date
  note      String    @default("it's") @map("note_text")
  parentId  Int?      @map("parent_id")
  parent    Account?  @relation("Tree", fields: [parentId], references: [id], onDelete: SetNull)
  children  Account[] @relation("Tree")
  posts     Post[]

  @@unique([handle, tier], map: "account_handle_tier")
  @@index([seenAt(sort: Desc)])
  @@map("accounts")
}

model Post {
  accountId Int
  slug      String
  body      Json?
  account   Account @relation(fields: [accountId], references: [id], onUpdate: Restrict)

  @@id([accountId, slug], map: "post_primary")
  @@index([slug], map: "post_slug_lookup")
  @@index([body], type: Gin)
}
`;

describe('schema drift check conventions', () => {
  let database: ThrowawayDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    const serverUrl = env().DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL must be set for integration tests');
    database = await createThrowawayDatabase(serverUrl, 'shape');
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("agree with the database Prisma's engine creates", async () => {
    const diff = await diffEmptyToSchema(database.url, { path: 'schema.prisma', content: featureSchema });
    expect(diff.sql).toContain('CREATE TABLE "accounts"');
    await pool.query(diff.sql);

    const dmmf = getDMMF({ datamodel: featureSchema });
    if ('reason' in dmmf) throw new Error(dmmf.reason);
    const expected = expectedShape(dmmf.datamodel as unknown as DmmfDatamodel);
    expect(compareShapes(expected, await actualShape(pool))).toEqual({ missing: [], unexpected: [] });
  });
});
