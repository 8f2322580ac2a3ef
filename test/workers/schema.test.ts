// The tenancy schema rule, checked against the real migrated D1: every tenant-owned table has an indexed tenant_id,
// and the migrations match the drizzle schema the code queries through.
import { env } from 'cloudflare:test';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../worker/db/schema';

async function allTables(): Promise<{ name: string; sql: string }[]> {
  const rows = await env.DB.prepare(
    "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_cf\\_%' escape '\\' and name != 'd1_migrations'",
  ).all<{ name: string; sql: string }>();
  return rows.results;
}

/** Full-text (FTS5) tables: drizzle cannot declare them; their shadow tables (`<name>_data`, …) belong to them. */
async function virtualTables(): Promise<string[]> {
  return (await allTables()).filter((t) => /^create virtual table/i.test(t.sql)).map((t) => t.name);
}

async function tables(): Promise<string[]> {
  const virtual = await virtualTables();
  return (await allTables()).map((t) => t.name).filter((n) => !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
}

const columnsOf = async (t: string) => (await env.DB.prepare(`pragma table_info(${t})`).all<{ name: string }>()).results.map((c) => c.name);

describe('schema', () => {
  it('gives every tenant-owned table a tenant_id column with an index that leads with it', async () => {
    const global: readonly string[] = schema.GLOBAL_TABLES;
    const missing: string[] = [];
    for (const t of await tables()) {
      if (global.includes(t)) continue;
      if (!(await columnsOf(t)).includes('tenant_id')) {
        missing.push(`${t}: no tenant_id`);
        continue;
      }
      const indexes = (await env.DB.prepare(`pragma index_list(${t})`).all<{ name: string }>()).results;
      let led = false;
      for (const ix of indexes) {
        const cols = (await env.DB.prepare(`pragma index_info(${ix.name})`).all<{ seqno: number; name: string }>()).results;
        if (cols.find((c) => c.seqno === 0)?.name === 'tenant_id') led = true;
      }
      if (!led) missing.push(`${t}: no index leading with tenant_id`);
    }
    expect(missing).toEqual([]);
  });

  it('gives every full-text table a tenant_id column', async () => {
    const virtual = await virtualTables();
    expect(virtual).toContain('message_search');
    for (const t of virtual) expect({ table: t, tenant: (await columnsOf(t)).includes('tenant_id') }).toEqual({ table: t, tenant: true });
  });

  it('lists only truly global tables as global', () => {
    // user_identities belong to a user (who may be in several tenants); oidc_logins exist before anyone is known;
    // stripe_events are stored (each event id once) before the organization an event concerns is known;
    // listing_reports come from anyone (a visitor with no organization) about a public listing, read by operators.
    expect([...schema.GLOBAL_TABLES].sort()).toEqual(['listing_reports', 'oidc_logins', 'rate_limits', 'stripe_events', 'tenants', 'user_identities', 'users']);
  });

  it('has migrations that create exactly the tables and columns of the drizzle schema', async () => {
    // drizzle's generic table types do not narrow through a predicate; the runtime check is what matters here.
    const declared = Object.values(schema).filter((v) => is(v, SQLiteTable)) as unknown as SQLiteTable[];
    expect((await tables()).sort()).toEqual(declared.map((t) => getTableName(t)).sort());
    for (const t of declared) {
      const want = Object.values(getTableColumns(t))
        .map((c) => c.name)
        .sort();
      expect({ table: getTableName(t), columns: (await columnsOf(getTableName(t))).sort() }).toEqual({ table: getTableName(t), columns: want });
    }
  });
});
