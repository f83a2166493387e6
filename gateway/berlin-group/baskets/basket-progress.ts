// SPDX-License-Identifier: Apache-2.0
// After the PSU's decision on a basket: signed (its consent is valid) → every payment still waiting in it is
// signed by that PSU, under the basket's grant, and the basket is ACTC; refused → RJCT.
import type { BerlinGroupDeps } from '../deps.js';
import type { SigningBasket } from './signing-basket.js';

/** Takes the basket's next step if the PSU decided; returns it as it then stands. */
export async function advanceBasket(deps: BerlinGroupDeps, basket: SigningBasket): Promise<SigningBasket> {
  if (basket.transactionStatus !== 'RCVD') return basket;
  const consent = await deps.consents.get(basket.basketId);
  if (!consent || consent.status === 'received') return basket;
  if (consent.status !== 'valid') {
    const to = consent.status === 'terminatedByTpp' ? 'CANC' : 'RJCT';
    return (await deps.baskets.update(basket.basketId, 'RCVD', to)) ? { ...basket, transactionStatus: to } : basket;
  }
  for (const paymentId of basket.paymentIds) {
    const member = await deps.consents.get(paymentId);
    if (member?.status !== 'received') continue;
    // The payment's own checks (its debtor account is this PSU's) run when the watcher advances it.
    await deps.consents.authorise(paymentId, consent.psuId!, member.permissions.accounts, consent.grantId);
  }
  return (await deps.baskets.update(basket.basketId, 'RCVD', 'ACTC')) ? { ...basket, transactionStatus: 'ACTC' } : basket;
}
