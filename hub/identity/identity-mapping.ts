// SPDX-License-Identifier: Apache-2.0
// Which tenant and account an identifier (MSISDN, e-mail, alias...) belongs to in this deployment: the payee
// side of a lookup, quote and transfer finds its account here; party registration writes it (PH-EE's
// identity-account mapper). The scheme's own account lookup only knows which FSP holds it.
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../platform/store/index.js';

export interface IdentifierMapping {
  idType: string;
  idValue: string;
  tenantId: string;
  accountId: string;
}

export interface IdentityMapping {
  /** The tenant and account of an identifier, or undefined. */
  lookup(idType: string, idValue: string): Promise<IdentifierMapping | undefined>;
  /** Maps an identifier; the same mapping again is a no-op, a mapping to another account returns false and changes nothing. */
  register(mapping: IdentifierMapping): Promise<boolean>;
  /** Every mapping of a tenant, by identifier. */
  list(tenantId: string): Promise<IdentifierMapping[]>;
}

interface Tables {
  hub_identifiers: { id_type: string; id_value: string; tenant_id: string; account_id: string; registered_at: number };
}

/** The identity mapping on the hub's tables (migrated with the payment store). */
export function sqlIdentityMapping(database: SqlDatabase): IdentityMapping {
  const db: Kysely<Tables> = database.kysely<Tables>();
  const toMapping = (row: Tables['hub_identifiers']): IdentifierMapping => ({ idType: row.id_type, idValue: row.id_value, tenantId: row.tenant_id, accountId: row.account_id });
  return {
    async lookup(idType, idValue) {
      const row = await db.selectFrom('hub_identifiers').selectAll().where('id_type', '=', idType).where('id_value', '=', idValue).executeTakeFirst();
      return row && toMapping(row);
    },
    async register(mapping) {
      await db.insertInto('hub_identifiers').values({
        id_type: mapping.idType, id_value: mapping.idValue, tenant_id: mapping.tenantId, account_id: mapping.accountId, registered_at: Date.now(),
      }).onConflict((conflict) => conflict.doNothing()).execute();
      const stored = await this.lookup(mapping.idType, mapping.idValue);
      return stored?.tenantId === mapping.tenantId && stored.accountId === mapping.accountId;
    },
    async list(tenantId) {
      return (await db.selectFrom('hub_identifiers').selectAll().where('tenant_id', '=', tenantId).orderBy('id_value').execute()).map(toMapping);
    },
  };
}
