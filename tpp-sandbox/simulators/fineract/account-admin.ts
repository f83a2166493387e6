// SPDX-License-Identifier: Apache-2.0
// Back-office actions on one account that the portal's team sandboxes need (issue 8) and Fineract's interop API
// lacks: open an account with an opening balance, and put it back to that balance as if it had just been opened.
import type { Kysely } from 'kysely';
import { toMinorUnits } from '../../../platform/money/index.js';
import { requireAccount, seedAccounts, type AccountRow, type SeedAccount } from './accounts.js';
import { book, inTransaction } from './bookings.js';
import type { Tables } from './tables.js';

/**
 * Opens the account (and its tenant, when new) with the opening balance as its first deposit; an account that
 * exists already is left exactly as it is. Returns the account as it now is. Throws on an invalid amount.
 */
export async function openAccount(db: Kysely<Tables>, account: SeedAccount, now: number): Promise<AccountRow> {
  toMinorUnits(account.openingBalance, account.currency);
  await seedAccounts(db, [account], {}, now);
  return requireAccount(db, account.tenantId, account.accountId);
}

/** What an account has done since it was opened, each row keyed by tenant and account. */
const HISTORY_TABLES = ['fineract_sim_journal_entries', 'fineract_sim_transactions', 'fineract_sim_transfers', 'fineract_sim_quotes', 'fineract_sim_requests'] as const;

/**
 * Restores the account to `openingBalance` with no other history: its savings transactions, journal entries,
 * holds, transfers, quotes and transaction requests are dropped, it is ACTIVE again, and the opening balance is
 * booked anew as its only deposit. A transfer in flight on the account then fails as unknown. 404 when absent.
 */
export async function restoreAccount(db: Kysely<Tables>, tenantId: string, accountId: string, openingBalance: string, now: number): Promise<AccountRow> {
  const row = await requireAccount(db, tenantId, accountId);
  const opening = toMinorUnits(openingBalance, row.currency);
  await inTransaction(db, async (trx) => {
    for (const table of HISTORY_TABLES) {
      // Every one of these tables has tenant_id and account_id; the cast only picks one for Kysely's column types.
      await trx.deleteFrom(table as 'fineract_sim_transactions').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
    }
    await trx.updateTable('fineract_sim_accounts').set({ ledger_minor: 0n, held_minor: 0n, status: 'ACTIVE' })
      .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
    if (opening > 0n) {
      await book(trx, { tenantId, accountId, currency: row.currency, posting: 'openingDeposit', amountMinor: opening, note: 'Opening balance', at: now });
    }
  });
  return requireAccount(db, tenantId, accountId);
}
