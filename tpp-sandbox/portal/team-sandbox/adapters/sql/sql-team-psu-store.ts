// SPDX-License-Identifier: Apache-2.0
// Team PSUs in the sandbox directory's own tables (migration context `sandbox`, 0002 adds the owner): one place
// for every PSU, so the PSU login, the gateway's account directory and consents see them without another lookup.
import type { ColumnType, Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import { SANDBOX_MIGRATIONS } from '../../../../adapters/sql/migrations.js';
import type { SandboxBank } from '../../../../sandbox-data.js';
import type { AccountProduct, TeamPsu, TeamPsuRecord, TeamPsuStore } from '../../model.js';

interface Tables {
  sandbox_banks: { tenant_id: string; fsp_id: string; name: string; currency: string };
  sandbox_psus: {
    id: string; tenant_id: string; username: string; password_hash: string; full_name: string;
    owner_organisation_id: string | null;
    // bigint: a string from PostgreSQL's driver.
    created_at: ColumnType<number | string | null, number, number>;
  };
  sandbox_accounts: {
    id: string; tenant_id: string; psu_id: string; external_id: string; number: string;
    name: string; product: string; currency: string; opening_balance: string;
  };
  sandbox_identifiers: { id_type: string; id_value: string; tenant_id: string; account_id: string };
}

/** Opens the store on the shared database, bringing the sandbox directory's tables up to date. */
export async function openSqlTeamPsuStore(database: SqlDatabase): Promise<TeamPsuStore> {
  await database.migrate('sandbox', SANDBOX_MIGRATIONS);
  return new SqlTeamPsuStore(database.kysely<Tables>());
}

const toBank = (row: Tables['sandbox_banks']): SandboxBank => ({ tenantId: row.tenant_id, fspId: row.fsp_id, name: row.name, currency: row.currency });

class SqlTeamPsuStore implements TeamPsuStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async bank(tenantId: string): Promise<SandboxBank | undefined> {
    const row = await this.db.selectFrom('sandbox_banks').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row && toBank(row);
  }

  async banks(): Promise<SandboxBank[]> {
    return (await this.db.selectFrom('sandbox_banks').selectAll().orderBy('fsp_id').execute()).map(toBank);
  }

  async count(owner: string): Promise<number> {
    const row = await this.db.selectFrom('sandbox_psus').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('owner_organisation_id', '=', owner).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(record: TeamPsuRecord): Promise<'CREATED' | 'USERNAME_TAKEN' | 'ACCOUNT_TAKEN'> {
    const { psu, account } = record;
    const taken = async () => Boolean(await this.db.selectFrom('sandbox_psus').select('id')
      .where('tenant_id', '=', psu.tenantId).where('username', '=', psu.username).executeTakeFirst());
    if (await taken()) return 'USERNAME_TAKEN';
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('sandbox_psus').values({
          id: psu.id, tenant_id: psu.tenantId, username: psu.username, password_hash: psu.passwordHash, full_name: psu.fullName,
          owner_organisation_id: psu.ownerOrganisationId, created_at: psu.createdAt,
        }).execute();
        await trx.insertInto('sandbox_accounts').values({
          id: account.id, tenant_id: psu.tenantId, psu_id: psu.id, external_id: account.externalId, number: account.number,
          name: account.name, product: account.product, currency: account.currency, opening_balance: account.openingBalance,
        }).execute();
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same username a moment ago (a double submit), or an account number or id drawn twice.
      return (await taken()) ? 'USERNAME_TAKEN' : 'ACCOUNT_TAKEN';
    }
    return 'CREATED';
  }

  async owned(owner: string): Promise<TeamPsu[]> {
    const psus = await this.db.selectFrom('sandbox_psus')
      .innerJoin('sandbox_banks', 'sandbox_banks.tenant_id', 'sandbox_psus.tenant_id')
      .select(['sandbox_psus.id', 'sandbox_psus.tenant_id', 'sandbox_psus.username', 'sandbox_psus.full_name', 'sandbox_psus.created_at', 'sandbox_banks.name as bank_name'])
      .where('sandbox_psus.owner_organisation_id', '=', owner)
      .orderBy('sandbox_psus.tenant_id').orderBy('sandbox_psus.username').execute();
    if (!psus.length) return [];
    const accounts = await this.db.selectFrom('sandbox_accounts').selectAll().where('psu_id', 'in', psus.map((psu) => psu.id)).orderBy('number').execute();
    return psus.map((row) => ({
      id: row.id, tenantId: row.tenant_id, bankName: row.bank_name, username: row.username, fullName: row.full_name,
      ownerOrganisationId: owner, createdAt: Number(row.created_at ?? 0),
      accounts: accounts.filter((account) => account.psu_id === row.id).map((account) => ({
        id: account.id, externalId: account.external_id, number: account.number, name: account.name,
        product: account.product as AccountProduct, currency: account.currency, openingBalance: account.opening_balance,
      })),
    }));
  }

  async remove(owner: string, psuId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const psu = await trx.selectFrom('sandbox_psus').select('id').where('id', '=', psuId).where('owner_organisation_id', '=', owner).executeTakeFirst();
      if (!psu) return false;
      const accountIds = (await trx.selectFrom('sandbox_accounts').select('id').where('psu_id', '=', psuId).execute()).map((row) => row.id);
      if (accountIds.length) {
        await trx.deleteFrom('sandbox_identifiers').where('account_id', 'in', accountIds).execute();
        await trx.deleteFrom('sandbox_accounts').where('id', 'in', accountIds).execute();
      }
      await trx.deleteFrom('sandbox_psus').where('id', '=', psuId).execute();
      return true;
    });
  }
}

/** Whether a write failed on a primary key or unique constraint (PostgreSQL 23505, SQLite's constraint codes). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
