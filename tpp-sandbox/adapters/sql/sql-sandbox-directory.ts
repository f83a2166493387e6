// SPDX-License-Identifier: Apache-2.0
import type { ColumnType, Kysely } from 'kysely';
import { hashSecret, verifySecret } from '../../../platform/crypto/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { openSqlOperatorDirectory, type OperatorDirectory } from '../../../consent/index.js';
import { SANDBOX_OPERATORS, type SandboxBank, type SandboxOperator, type SandboxPsu } from '../../sandbox-data.js';
import type { IdentifierMapping, PsuLoginContext, SandboxDirectory, SeedOutcome, StoredAccount, StoredPsu } from '../../sandbox-directory.js';
import { SANDBOX_MIGRATIONS } from './migrations.js';

interface Tables {
  sandbox_seed: { id: string; version: number; seeded_at: number };
  sandbox_banks: { tenant_id: string; fsp_id: string; name: string; currency: string };
  sandbox_psus: {
    id: string; tenant_id: string; username: string; password_hash: string; full_name: string;
    owner_organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
    // bigint: a string from PostgreSQL's driver.
    created_at: ColumnType<number | string | null, number | null | undefined, number | null>;
  };
  sandbox_accounts: {
    id: string; tenant_id: string; psu_id: string; external_id: string; number: string;
    name: string; product: string; currency: string; opening_balance: string;
  };
  sandbox_identifiers: { id_type: string; id_value: string; tenant_id: string; account_id: string };
}

const SEED_ROW = 'sandbox';

// Verifying an unknown username still costs one scrypt, so response time does not reveal which usernames exist.
const DUMMY_HASH = hashSecret('lango-no-such-user');

/** Opens the sandbox directory on the shared database, bringing its tables up to date. */
export async function openSqlSandboxDirectory(database: SqlDatabase): Promise<SandboxDirectory> {
  await database.migrate('sandbox', SANDBOX_MIGRATIONS);
  return new SqlSandboxDirectory(database.kysely<Tables>(), await openSqlOperatorDirectory(database));
}

const psuId = (tenantId: string, username: string) => `${tenantId}:${username}`;

class SqlSandboxDirectory implements SandboxDirectory {
  constructor(private readonly db: Kysely<Tables>, private readonly operators: OperatorDirectory) {}

  async seed(banks: readonly SandboxBank[], psus: readonly SandboxPsu[], version: number, operators: readonly SandboxOperator[] = SANDBOX_OPERATORS): Promise<SeedOutcome> {
    // Operators join data directories seeded before them too; one that exists keeps its password and roles.
    for (const operator of operators) {
      if (!(await this.operators.find(operator.username))) await this.operators.add(operator);
    }
    const existing = await this.seedState();
    if (existing) return existing;
    // Hash outside the transaction: scrypt is slow and must not hold the write lock.
    const hashes = await Promise.all(psus.map((psu) => hashSecret(psu.password)));
    const seededAt = Date.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        // The seed row goes first: a second process seeding at the same moment fails here and rolls back.
        await trx.insertInto('sandbox_seed').values({ id: SEED_ROW, version, seeded_at: seededAt }).execute();
        await trx.insertInto('sandbox_banks').values(banks.map((bank) => ({ tenant_id: bank.tenantId, fsp_id: bank.fspId, name: bank.name, currency: bank.currency }))).execute();
        for (const [index, psu] of psus.entries()) {
          const id = psuId(psu.tenantId, psu.username);
          await trx.insertInto('sandbox_psus').values({ id, tenant_id: psu.tenantId, username: psu.username, password_hash: hashes[index]!, full_name: psu.fullName }).execute();
          for (const account of psu.accounts) {
            await trx.insertInto('sandbox_accounts').values({
              id: account.id, tenant_id: psu.tenantId, psu_id: id, external_id: account.externalId, number: account.number,
              name: account.name, product: account.product, currency: account.currency, opening_balance: account.openingBalance,
            }).execute();
            if (account.msisdn) {
              await trx.insertInto('sandbox_identifiers').values({ id_type: 'MSISDN', id_value: account.msisdn, tenant_id: psu.tenantId, account_id: account.id }).execute();
            }
          }
        }
      });
    } catch (error) {
      const raced = await this.seedState();
      if (raced) return raced;
      throw error;
    }
    return { seeded: true, seededAt, version };
  }

  async seedState(): Promise<SeedOutcome | undefined> {
    const row = await this.db.selectFrom('sandbox_seed').selectAll().where('id', '=', SEED_ROW).executeTakeFirst();
    return row && { seeded: false, seededAt: row.seeded_at, version: row.version };
  }

  async banks(): Promise<SandboxBank[]> {
    const rows = await this.db.selectFrom('sandbox_banks').selectAll().orderBy('fsp_id').execute();
    return rows.map((row) => ({ tenantId: row.tenant_id, fspId: row.fsp_id, name: row.name, currency: row.currency }));
  }

  async psus(tenantId?: string): Promise<StoredPsu[]> {
    let query = this.db.selectFrom('sandbox_psus').select(['id', 'tenant_id', 'username', 'full_name', 'owner_organisation_id']);
    if (tenantId) query = query.where('tenant_id', '=', tenantId);
    const rows = await query.orderBy('tenant_id').orderBy('username').execute();
    return rows.map(toPsu);
  }

  async accounts(psuIdFilter?: string): Promise<StoredAccount[]> {
    let query = this.db.selectFrom('sandbox_accounts').selectAll();
    if (psuIdFilter) query = query.where('psu_id', '=', psuIdFilter);
    return (await query.orderBy('tenant_id').orderBy('number').execute()).map(toAccount);
  }

  async identifiers(): Promise<IdentifierMapping[]> {
    const rows = await this.db.selectFrom('sandbox_identifiers').selectAll().orderBy('id_value').execute();
    return rows.map((row) => ({ idType: 'MSISDN' as const, idValue: row.id_value, tenantId: row.tenant_id, accountId: row.account_id }));
  }

  async accountByIdentifier(idType: 'MSISDN', idValue: string): Promise<StoredAccount | undefined> {
    const row = await this.db.selectFrom('sandbox_identifiers')
      .innerJoin('sandbox_accounts', 'sandbox_accounts.id', 'sandbox_identifiers.account_id')
      .selectAll('sandbox_accounts')
      .where('sandbox_identifiers.id_type', '=', idType)
      .where('sandbox_identifiers.id_value', '=', idValue)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async verifyPsuLogin(tenantId: string, username: string, password: string, context: PsuLoginContext = {}): Promise<StoredPsu | undefined> {
    const row = await this.db.selectFrom('sandbox_psus').selectAll().where('tenant_id', '=', tenantId).where('username', '=', username).executeTakeFirst();
    const matches = await verifySecret(password, row?.password_hash ?? (await DUMMY_HASH));
    // A team's PSU exists only for its own team's clients: for any other, the same answer (and cost) as a wrong password.
    const visible = !row?.owner_organisation_id || row.owner_organisation_id === context.clientOrganisationId;
    return row && matches && visible ? toPsu(row) : undefined;
  }
}

function toPsu(row: { id: string; tenant_id: string; username: string; full_name: string; owner_organisation_id: string | null }): StoredPsu {
  const owner = row.owner_organisation_id;
  return { id: row.id, tenantId: row.tenant_id, username: row.username, fullName: row.full_name, ...(owner && { ownerOrganisationId: owner }) };
}

function toAccount(row: Tables['sandbox_accounts']): StoredAccount {
  return {
    id: row.id, tenantId: row.tenant_id, psuId: row.psu_id, externalId: row.external_id, number: row.number,
    name: row.name, product: row.product as StoredAccount['product'], currency: row.currency, openingBalance: row.opening_balance,
  };
}
