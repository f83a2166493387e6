// SPDX-License-Identifier: Apache-2.0
// Row types of the simulator's tables (see migrations.ts). bigint columns come back as numbers from both
// drivers (platform/store parses PostgreSQL int8 to a safe integer), so reads go through `minor()`.
import type { Generated } from 'kysely';

export type TransferRole = 'PAYER' | 'PAYEE';
export type TransferState = 'PREPARED' | 'COMMITTED' | 'RELEASED';
/** Fineract's SavingsAccountTransactionType names of the bookings the simulator makes. */
export type SavingsTransactionType = 'DEPOSIT' | 'WITHDRAWAL' | 'WITHDRAWAL_FEE';

type Minor = number | bigint | string;

export interface Tables {
  fineract_sim_tenants: { tenant_id: string; fee_rule: string; created_at: number };
  fineract_sim_accounts: {
    tenant_id: string; account_id: string; currency: string; holder_name: string; status: string;
    ledger_minor: Minor; held_minor: Minor; opened_at: number;
  };
  fineract_sim_identifiers: { tenant_id: string; id_type: string; id_value: string; sub_id_or_type: string; account_id: string; created_at: number };
  fineract_sim_transactions: {
    id: Generated<number>; tenant_id: string; account_id: string; type: SavingsTransactionType; amount_minor: Minor;
    running_balance_minor: Minor; currency: string; transaction_code: string | null; transfer_code: string | null;
    note: string | null; booked_at: number;
  };
  fineract_sim_journal_entries: {
    id: Generated<number>; tenant_id: string; transaction_id: number; account_id: string; gl_code: string;
    entry_type: 'DEBIT' | 'CREDIT'; amount_minor: Minor; currency: string; booked_at: number;
  };
  fineract_sim_transfers: {
    tenant_id: string; transaction_code: string; transfer_code: string; role: TransferRole; account_id: string;
    currency: string; amount_minor: Minor; fee_minor: Minor; commission_minor: Minor; hold_minor: Minor;
    state: TransferState; booking_id: number | null; created_at: number; completed_at: number | null;
  };
  fineract_sim_quotes: {
    tenant_id: string; quote_code: string; transaction_code: string; account_id: string; role: TransferRole;
    amount_type: string; currency: string; amount_minor: Minor; fee_minor: Minor; commission_minor: Minor; created_at: number;
  };
  fineract_sim_requests: {
    tenant_id: string; request_code: string; transaction_code: string; account_id: string; role: TransferRole;
    currency: string; amount_minor: Minor; body: string; created_at: number;
  };
}

/** A bigint column's value as bigint, whichever driver read it. */
export function minor(value: Minor): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}
