import { describe, expect, it } from 'vitest';
import { MigrationError, migrationChecksum, planMigrations, type MigrationFile } from './migrate';

function file(name: string, sql = `-- ${name}\nSELECT 1;`): MigrationFile {
  return { name, sql, checksum: migrationChecksum(sql) };
}

function row(
  migration: MigrationFile,
  overrides: Partial<{ finished_at: Date | null; rolled_back_at: Date | null; checksum: string }> = {},
) {
  return {
    migration_name: migration.name,
    checksum: migration.checksum,
    finished_at: new Date('2026-11-23T00:00:00Z'),
    rolled_back_at: null,
    ...overrides,
  };
}

describe('migrationChecksum', () => {
  it('is the sha256 hex Prisma records', () => {
    expect(migrationChecksum('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(migrationChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('planMigrations', () => {
  const first = file('20261123000000_init');
  const second = file('20261124000000_add_things');

  it('returns pending migrations in the given order and skips applied ones', () => {
    const plan = planMigrations([first, second], [row(first)]);
    expect(plan.pending.map((m) => m.name)).toEqual(['20261124000000_add_things']);
    expect(plan.applied).toEqual(['20261123000000_init']);
  });

  it('refuses when an applied migration was edited', () => {
    const edited = { ...first, checksum: migrationChecksum('-- edited') };
    expect(() => planMigrations([edited, second], [row(first)])).toThrow(MigrationError);
    expect(() => planMigrations([edited, second], [row(first)])).toThrow(/changed after it was applied/);
  });

  it('refuses while a failed migration is unresolved', () => {
    expect(() => planMigrations([first, second], [row(first, { finished_at: null })])).toThrow(
      /failed earlier/,
    );
  });

  it('ignores rolled-back attempts, so a resolved migration is applied again', () => {
    const rolledBack = row(first, { finished_at: null, rolled_back_at: new Date() });
    const plan = planMigrations([first], [rolledBack]);
    expect(plan.pending.map((m) => m.name)).toEqual([first.name]);
  });

  it('reports migrations the database has but the folder does not, without refusing', () => {
    const plan = planMigrations([first], [row(first), row(second)]);
    expect(plan.pending).toEqual([]);
    expect(plan.unknown).toEqual([second.name]);
  });
});
