// SPDX-License-Identifier: Apache-2.0
// Signing baskets (§8): one SCA for several payments. The basket is authorised like a payment (a consent record
// with the basket's id, `scope=PIS:<basketId>`); once the PSU signs it, each payment in it counts as signed by that
// PSU and runs on its own. Lango's baskets hold payments only (the guidelines also allow consents).

export type BasketStatus = 'RCVD' | 'ACTC' | 'RJCT' | 'CANC';

export interface SigningBasket {
  basketId: string;
  tenantId: string;
  clientId: string;
  paymentIds: string[];
  transactionStatus: BasketStatus;
  createdAt: number;
  updatedAt: number;
}

export interface BasketStore {
  /** Records a new basket. */
  create(basket: SigningBasket): Promise<void>;
  /** The basket, or undefined. */
  get(basketId: string): Promise<SigningBasket | undefined>;
  /** Moves the basket on if its status is still `expected`; false when another writer came first. */
  update(basketId: string, expected: BasketStatus, to: BasketStatus): Promise<boolean>;
}
