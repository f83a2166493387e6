// SPDX-License-Identifier: Apache-2.0
// parties/{idType}/{idValue}[/{subIdOrType}]: secondary identifiers of interop accounts (InteropIdentifier).
import type { Kysely } from 'kysely';
import { inTransaction, type Db } from './bookings.js';
import { requireAccount } from './accounts.js';
import { FineractError, FINERACT_ERROR_CODES, notFoundError } from './fineract-errors.js';
import type { Tables } from './tables.js';

/** Fineract's InteropIdentifierType values. */
export const IDENTIFIER_TYPES = ['MSISDN', 'EMAIL', 'PERSONAL_ID', 'BUSINESS', 'DEVICE', 'ACCOUNT_ID', 'IBAN', 'ALIAS'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface PartyKey {
  tenantId: string;
  idType: IdentifierType;
  idValue: string;
  subIdOrType?: string | undefined;
}

function partyNotFound(key: PartyKey): FineractError {
  const name = `${key.idType}/${key.idValue}${key.subIdOrType ? `/${key.subIdOrType}` : ''}`;
  return notFoundError(FINERACT_ERROR_CODES.partyNotFound, `Interoperation account with identifier ${name} does not exist`, key.idValue);
}

/** The identifier's primary key as Kysely's `eb.and({...})` equality filter. */
function keyFilter(key: PartyKey) {
  return { tenant_id: key.tenantId, id_type: key.idType, id_value: key.idValue, sub_id_or_type: key.subIdOrType ?? '' };
}

/** The account an identifier points to, or Fineract's 404. */
export async function findParty(db: Db, key: PartyKey): Promise<{ accountId: string }> {
  const row = await db.selectFrom('fineract_sim_identifiers').select('account_id').where((eb) => eb.and(keyFilter(key))).executeTakeFirst();
  if (!row) throw partyNotFound(key);
  return { accountId: row.account_id };
}

/** Registers an identifier; the same pair again is accepted, another account is refused like Fineract's unique key. */
export async function registerParty(db: Kysely<Tables>, key: PartyKey, accountId: string, now: number): Promise<{ accountId: string }> {
  return inTransaction(db, async (trx) => {
    await requireAccount(trx, key.tenantId, accountId);
    const row = await trx.selectFrom('fineract_sim_identifiers').select('account_id').where((eb) => eb.and(keyFilter(key))).executeTakeFirst();
    if (row && row.account_id !== accountId) {
      throw new FineractError('dataIntegrity', [{
        code: FINERACT_ERROR_CODES.duplicateIdentifier, parameterName: 'idType', value: key.idType,
        message: `Account identifier of type \`${key.idType}' already exists for account with externalId \`${row.account_id}\``,
      }]);
    }
    if (!row) {
      await trx.insertInto('fineract_sim_identifiers').values({
        tenant_id: key.tenantId, id_type: key.idType, id_value: key.idValue, sub_id_or_type: key.subIdOrType ?? '', account_id: accountId, created_at: now,
      }).execute();
    }
    return { accountId };
  });
}

/** Removes an identifier and answers the account it pointed to, or Fineract's 404. */
export async function deleteParty(db: Kysely<Tables>, key: PartyKey): Promise<{ accountId: string }> {
  return db.transaction().execute(async (trx) => {
    const found = await findParty(trx, key);
    await trx.deleteFrom('fineract_sim_identifiers').where((eb) => eb.and(keyFilter(key))).execute();
    return found;
  });
}

/** InteropIdentifiersResponseData: every identifier of an account. */
export async function accountIdentifiers(db: Kysely<Tables>, tenantId: string, accountId: string): Promise<{ identifiers: { idType: string; idValue: string; subIdOrType: string | null }[] }> {
  await requireAccount(db, tenantId, accountId);
  const rows = await db.selectFrom('fineract_sim_identifiers').selectAll()
    .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).orderBy('id_type').orderBy('id_value').execute();
  return { identifiers: rows.map((row) => ({ idType: row.id_type, idValue: row.id_value, subIdOrType: row.sub_id_or_type || null })) };
}
