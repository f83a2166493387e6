// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import type { NewPasskey, Passkey, PasskeyStore } from '../../passkey.js';
import { PASSKEY_MIGRATIONS } from './migrations.js';

interface PasskeyRow {
  credential_id: string;
  psu_id: string;
  /** base64url of the COSE key. */
  public_key: string;
  /** bigint: PostgreSQL's driver hands it back as a string. */
  counter: number | string;
  /** JSON array. */
  transports: string;
  created_at: number | string;
}

interface PasskeyTables {
  passkeys: PasskeyRow;
}

export interface SqlPasskeyStoreOptions {
  /** The clock, epoch ms. Default Date.now. */
  now?: () => number;
}

/** Opens the passkey store on the shared database, bringing its table up to date. */
export async function openSqlPasskeyStore(database: SqlDatabase, options: SqlPasskeyStoreOptions = {}): Promise<PasskeyStore> {
  await database.migrate('passkeys', PASSKEY_MIGRATIONS);
  return new SqlPasskeyStore(database.kysely<PasskeyTables>(), options.now ?? Date.now);
}

function toPasskey(row: PasskeyRow): Passkey {
  return {
    credentialId: row.credential_id,
    psuId: row.psu_id,
    publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    createdAt: Number(row.created_at),
  };
}

class SqlPasskeyStore implements PasskeyStore {
  constructor(private readonly db: Kysely<PasskeyTables>, private readonly now: () => number) {}

  async add(passkey: NewPasskey): Promise<boolean> {
    const inserted = await this.db.insertInto('passkeys').values({
      credential_id: passkey.credentialId,
      psu_id: passkey.psuId,
      public_key: Buffer.from(passkey.publicKey).toString('base64url'),
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      created_at: this.now(),
    }).onConflict((conflict) => conflict.column('credential_id').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async get(credentialId: string): Promise<Passkey | undefined> {
    const row = await this.db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
    return row && toPasskey(row);
  }

  async listForPsu(psuId: string): Promise<Passkey[]> {
    const rows = await this.db.selectFrom('passkeys').selectAll().where('psu_id', '=', psuId)
      .orderBy('created_at').orderBy('credential_id').execute();
    return rows.map(toPasskey);
  }

  async updateCounter(credentialId: string, counter: number): Promise<boolean> {
    // An authenticator that keeps no counter always says 0 (WebAuthn §6.1.1): nothing to record.
    if (counter === 0) return (await this.get(credentialId))?.counter === 0;
    // One conditional statement, so two processes verifying the same assertion cannot both move it.
    const updated = await this.db.updateTable('passkeys').set({ counter })
      .where('credential_id', '=', credentialId).where('counter', '<', counter).executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }
}
