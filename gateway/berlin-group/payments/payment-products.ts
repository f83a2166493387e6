// SPDX-License-Identifier: Apache-2.0
// Lango's payment products (the path's `{payment-product}`), documented in README "Berlin Group gateway".
import { berlinGroupError } from '../../../platform/errors/index.js';

export const PAYMENT_PRODUCTS = {
  /** A credit transfer to a customer of another bank of the Mojaloop scheme, named by MSISDN; settles in seconds. */
  'mojaloop-credit-transfers': { creditor: 'msisdn', crossBank: true },
  /** A credit transfer to another account of the same bank, named by `bban`; booked inside the bank's AMS at once. */
  'on-us-credit-transfers': { creditor: 'bban', crossBank: false },
} as const;

export type PaymentProduct = keyof typeof PAYMENT_PRODUCTS;

/** The product named in the path; PRODUCT_UNKNOWN (404) for any other. */
export function productOf(name: string | undefined): PaymentProduct {
  if (name && Object.hasOwn(PAYMENT_PRODUCTS, name)) return name as PaymentProduct;
  throw berlinGroupError('PRODUCT_UNKNOWN', `payment product ${name ?? ''} is not offered; offered: ${Object.keys(PAYMENT_PRODUCTS).join(', ')}`, { path: 'payment-product' });
}
