/**
 * The two schemas are one schema in two dialects: every table, column, key and index of
 * ../sqlite/schema.ts is in ./schema.ts under the same names, and the row types are the same.
 * A column added to one and not the other fails here (and the type assertions below fail
 * `tsc --noEmit`, which covers this file: vitest does not typecheck).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import * as lite from '../sqlite/schema';
import * as pg from './schema';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Tables = { [K in keyof typeof lite as (typeof lite)[K] extends SQLiteTable ? K : never]: K extends keyof typeof pg ? true : false };
type RowsEqual = {
  [K in keyof Tables]: K extends keyof typeof pg
    ? (typeof lite)[K] extends { $inferSelect: infer SL; $inferInsert: infer IL }
      ? (typeof pg)[K] extends { $inferSelect: infer SP; $inferInsert: infer IP }
        ? [Same<SL, SP>, Same<IL, IP>]
        : 'not a table in postgres/schema.ts'
      : never
    : 'missing in postgres/schema.ts';
};

// Compile-time: every SQLite table has a PostgreSQL twin whose select and insert rows are the same
// types. A mismatch makes a property's type differ from [true, true], and this object fails to type.
export const rowsEqual: { [K in keyof RowsEqual]: RowsEqual[K] extends [true, true] ? true : RowsEqual[K] } = {
  sites: true,
  agents: true,
  agentSessions: true,
  accountTokens: true,
  recoveryCodes: true,
  teamSettings: true,
  agentNotifications: true,
  apiTokens: true,
  visitors: true,
  conversations: true,
  messages: true,
  notes: true,
  cannedReplies: true,
  tags: true,
  articles: true,
  attachments: true,
  mailOutbox: true,
  mailReplyTokens: true,
  conversationMail: true,
  mailInbound: true,
  webhookEndpoints: true,
  webhookDeliveries: true,
  webhookAttempts: true,
  contentGaps: true,
  articleStems: true,
};

const liteTables = Object.fromEntries(Object.entries(lite).filter(([, v]) => is(v, SQLiteTable))) as Record<string, SQLiteTable>;
const pgTables = Object.fromEntries(Object.entries(pg).filter(([, v]) => is(v, PgTable))) as Record<string, PgTable>;

/** What both dialects must agree on, in a dialect-free shape. */
interface Shape {
  name: string;
  columns: { key: string; name: string; notNull: boolean; primary: boolean; unique: string | undefined; default: unknown; enum: string[] | undefined }[];
  primaryKeys: string[][];
  indexes: { name: string; unique: boolean; columns: string[]; partial: boolean }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[]; onDelete: string | undefined }[];
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shapeOf(table: SQLiteTable | PgTable, config: AnyConfig): Shape {
  const keyOf = new Map(Object.entries(table as unknown as Record<string, { name?: string }>).map(([k, c]) => [c?.name, k]));
  const columnNames = (cols: { name: string }[]) => cols.map((c) => c.name);
  return {
    name: config.name,
    columns: config.columns.map((c) => ({
      key: keyOf.get(c.name) ?? '?',
      name: c.name,
      notNull: c.notNull,
      primary: c.primary,
      unique: c.isUnique ? c.uniqueName : undefined,
      default: c.default,
      enum: (c as { enumValues?: string[] }).enumValues,
    })),
    primaryKeys: config.primaryKeys.map((pk) => columnNames(pk.columns)),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name ?? '?',
        unique: !!i.config.unique,
        columns: (i.config.columns as { name?: string }[]).map((c) => c.name ?? '?'),
        partial: !!i.config.where,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: columnNames(ref.columns),
          table: (ref.foreignTable as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')]!,
          foreignColumns: columnNames(ref.foreignColumns),
          onDelete: fk.onDelete,
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

describe('postgres schema parity with sqlite', () => {
  it('exports the same tables under the same JS names', () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(liteTables).sort());
    expect(Object.keys(liteTables).length).toBeGreaterThanOrEqual(19);
  });

  for (const key of Object.keys(liteTables)) {
    it(`${key}: same table, columns, nullability, defaults, keys, indexes and foreign keys`, () => {
      const l = liteTables[key]!;
      const p = pgTables[key];
      expect(p, `postgres/schema.ts has no table ${key}`).toBeDefined();
      expect(shapeOf(p!, pgConfig(p!))).toEqual(shapeOf(l, sqliteConfig(l)));
    });
  }

  it('row types are equal (also a compile-time assertion above)', () => {
    expectTypeOf<typeof pg.messages.$inferSelect>().toEqualTypeOf<typeof lite.messages.$inferSelect>();
    expectTypeOf<typeof pg.agents.$inferInsert>().toEqualTypeOf<typeof lite.agents.$inferInsert>();
    expectTypeOf<typeof pg.conversations.$inferInsert>().toEqualTypeOf<typeof lite.conversations.$inferInsert>();
    expect(Object.keys(rowsEqual).sort()).toEqual(Object.keys(liteTables).sort());
  });
});
