// SPDX-License-Identifier: Apache-2.0
// The hub order of one leg: over the scheme to an MSISDN, or on-us to an account of the debtor's bank.
import type { BankAccount } from '../bank-accounts.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { PaymentLeg } from './payment.js';
import type { TransferOrder } from './payment-execution.js';

/** The order for `leg` of a payment from `debtor`, keyed by `idempotencyKey`; undefined when an on-us creditor account is gone. */
export async function transferOrderOf(deps: BerlinGroupDeps, payment: { tenantId: string; clientId: string }, debtor: BankAccount, leg: PaymentLeg, idempotencyKey: string): Promise<TransferOrder | undefined> {
  let creditor: TransferOrder['creditor'];
  if (leg.creditor.kind === 'msisdn') creditor = { route: 'scheme', idType: 'MSISDN', idValue: leg.creditor.msisdn };
  else {
    const account = await deps.accounts.accountByNumber(payment.tenantId, leg.creditor.bban);
    if (!account) return undefined;
    creditor = { route: 'on-us', amsAccountId: account.amsAccountId };
  }
  return {
    tenantId: payment.tenantId, clientId: payment.clientId, idempotencyKey, debtorAmsAccountId: debtor.amsAccountId,
    creditor, amount: leg.amount, currency: leg.currency, note: leg.remittanceInformationUnstructured,
  };
}
