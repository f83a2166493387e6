// SPDX-License-Identifier: Apache-2.0
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { OAUTH_MIGRATIONS } from '../adapters/sql/migrations.js';
import type { OAuthTables } from '../adapters/sql/tables.js';

/** What a key is for: token and ID token signatures, software statements, or signed cookies. */
export type KeyPurpose = 'signing' | 'directory' | 'cookie';

export interface StoredKey {
  kid: string;
  purpose: KeyPurpose;
  alg: string;
  /** The private JWK (or `oct` secret); never leaves the consent context. Not encrypted at rest (yet). */
  privateJwk: JWK;
  status: 'active' | 'retired';
  /** Epoch ms. */
  createdAt: number;
  retiredAt: number | undefined;
}

/** The authorisation server's keys in the store (port; one SQL implementation on both dialects). */
export interface KeyStore {
  /** Keys of one purpose: active ones first, then retired ones; newest first within each. */
  list(purpose: KeyPurpose): Promise<StoredKey[]>;
  add(key: StoredKey): Promise<void>;
  /** Active → retired at `at` (epoch ms) for every listed kid; a retired key only verifies. */
  retire(kids: readonly string[], at: number): Promise<void>;
  /** Forgets retired keys of a purpose retired before `before` (epoch ms). */
  removeRetiredBefore(purpose: KeyPurpose, before: number): Promise<void>;
}

export async function openSqlKeyStore(database: SqlDatabase): Promise<KeyStore> {
  await database.migrate('oauth', OAUTH_MIGRATIONS);
  return new SqlKeyStore(database.kysely<OAuthTables>());
}

class SqlKeyStore implements KeyStore {
  constructor(private readonly db: Kysely<OAuthTables>) {}

  async list(purpose: KeyPurpose): Promise<StoredKey[]> {
    const rows = await this.db.selectFrom('oauth_keys').selectAll().where('purpose', '=', purpose)
      .orderBy('status', 'asc').orderBy('created_at', 'desc').orderBy('kid', 'asc').execute();
    return rows.map((row) => ({
      kid: row.kid,
      purpose: row.purpose as KeyPurpose,
      alg: row.alg,
      privateJwk: JSON.parse(row.private_jwk) as JWK,
      status: row.status,
      createdAt: row.created_at,
      retiredAt: row.retired_at ?? undefined,
    }));
  }

  async add(key: StoredKey): Promise<void> {
    await this.db.insertInto('oauth_keys').values({
      kid: key.kid, purpose: key.purpose, alg: key.alg, private_jwk: JSON.stringify(key.privateJwk),
      status: key.status, created_at: key.createdAt, retired_at: key.retiredAt ?? null,
    }).execute();
  }

  async retire(kids: readonly string[], at: number): Promise<void> {
    if (kids.length === 0) return;
    await this.db.updateTable('oauth_keys').set({ status: 'retired', retired_at: at })
      .where('kid', 'in', [...kids]).where('status', '=', 'active').execute();
  }

  async removeRetiredBefore(purpose: KeyPurpose, before: number): Promise<void> {
    await this.db.deleteFrom('oauth_keys').where('purpose', '=', purpose).where('status', '=', 'retired')
      .where('retired_at', '<', before).execute();
  }
}
