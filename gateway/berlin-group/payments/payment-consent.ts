// SPDX-License-Identifier: Apache-2.0
// The consent record through which a PSU authorises a payment: same id as the payment, the debtor account as its
// only account (the consent page offers nothing else), the payment's terms in its authorization details (the page
// shows amount and creditor), valid for the day.
import type { BankAccount } from '../bank-accounts.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { ScaChoice } from '../http/sca-approach.js';
import type { Payment } from './payment.js';

export const PIS_DETAIL_TYPE = 'payment_initiation';

/** Records the payment's consent unless it exists. */
export async function ensurePaymentConsent(deps: BerlinGroupDeps, payment: Payment, debtor: BankAccount, validUntil: number, sca: ScaChoice): Promise<void> {
  if (await deps.consents.get(payment.paymentId)) return;
  await deps.consents.create({
    id: payment.paymentId,
    tenantId: payment.tenantId,
    scheme: 'berlin-group',
    clientId: payment.clientId,
    ...(sca.psuId && { psuId: sca.psuId }),
    permissions: {
      ...(sca.scaRedirect && { scaRedirect: sca.scaRedirect }),
      scopes: ['payments'],
      accounts: [{ accountId: debtor.id, display: `${debtor.name} ${debtor.number}`, currency: debtor.currency }],
      authorizationDetails: payment.legs.map((leg) => ({
        type: PIS_DETAIL_TYPE,
        paymentId: payment.paymentId,
        instructedAmount: { amount: leg.amount, currency: leg.currency },
        creditorName: leg.creditorName ?? '',
        creditorAccount: leg.creditor.kind === 'msisdn' ? { msisdn: leg.creditor.msisdn } : { bban: leg.creditor.bban },
        ...(leg.remittanceInformationUnstructured && { remittanceInformationUnstructured: leg.remittanceInformationUnstructured }),
      })),
    },
    recurringIndicator: false,
    validUntil,
  });
}
