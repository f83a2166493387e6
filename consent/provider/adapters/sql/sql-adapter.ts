// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import type { AdapterPayload, OidcAdapter } from '../../oidc-provider.js';
import { OAUTH_MIGRATIONS } from './migrations.js';
import type { OAuthTables } from './tables.js';

/** Creates the adapter of one oidc-provider model (`Session`, `AccessToken`, `Client`, ...). */
export type AdapterFactory = (model: string) => OidcAdapter;

export interface SqlModelStore {
  /** oidc-provider's `adapter` option: one adapter per model name, all on the `oauth_models` table. */
  adapterFor: AdapterFactory;
  /** Deletes rows expired at `now` (epoch ms) or earlier; returns how many. Expired rows are never returned anyway. */
  purgeExpired(now?: number): Promise<number>;
}

/** Opens the model table on the shared database, bringing the `oauth` tables up to date. */
export async function openSqlModelStore(database: SqlDatabase, clock: () => number = Date.now): Promise<SqlModelStore> {
  await database.migrate('oauth', OAUTH_MIGRATIONS);
  const db = database.kysely<OAuthTables>();
  return {
    adapterFor: (model) => new SqlAdapter(db, model, clock),
    async purgeExpired(now = clock()) {
      const result = await db.deleteFrom('oauth_models').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

class SqlAdapter implements OidcAdapter {
  constructor(
    private readonly db: Kysely<OAuthTables>,
    private readonly kind: string,
    private readonly clock: () => number,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: text(payload.grantId),
      uid: text(payload.uid),
      user_code: text(payload.userCode),
      // expiresIn is in seconds (oidc-provider's unit); the column holds epoch ms like every Lango timestamp.
      expires_at: typeof expiresIn === 'number' ? this.clock() + expiresIn * 1000 : null,
      consumed_at: null,
    };
    await this.db.insertInto('oauth_models').values({ kind: this.kind, id, ...row })
      .onConflict((conflict) => conflict.columns(['kind', 'id']).doUpdateSet(row))
      .execute();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.updateTable('oauth_models').set({ consumed_at: this.clock() })
      .where('kind', '=', this.kind).where('id', '=', id).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oauth_models').where('kind', '=', this.kind).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oauth_models').where('kind', '=', this.kind).where('grant_id', '=', grantId).execute();
  }

  private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db.selectFrom('oauth_models').select(['payload', 'expires_at', 'consumed_at'])
      .where('kind', '=', this.kind).where(column, '=', value)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= this.clock())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    // oidc-provider reads `consumed` as a truthy epoch-seconds value (its own unit).
    return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
  }
}
