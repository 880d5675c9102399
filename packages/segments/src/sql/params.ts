/** A parameterised SQL statement for `pg` / Prisma's `$queryRawUnsafe(text, ...values)`. */
export interface SqlQuery {
  text: string;
  values: SqlValue[];
}

/** Everything is sent as text or a number and cast in SQL, so drivers never guess a type (or a time zone). */
export type SqlValue = string | number | boolean | null;

export class SqlParams {
  readonly values: SqlValue[] = [];

  /** Adds a value and returns its placeholder with an explicit cast, e.g. `$3::timestamp`. */
  add(value: SqlValue, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /**
   * Timestamps are stored by Prisma as `timestamp(3)` in UTC. An ISO string ending in Z cast to `timestamp`
   * keeps its UTC digits whatever the session time zone, which a JS Date sent through `pg` would not.
   */
  time(date: Date): string {
    return this.add(date.toISOString(), 'timestamp');
  }
}
