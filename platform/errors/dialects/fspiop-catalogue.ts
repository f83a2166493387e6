// SPDX-License-Identifier: Apache-2.0

/**
 * The FSPIOP error catalogue as data: FSPIOP API Definition v1.1 §7.6 (Tables 111–118) for the codes and names,
 * laid out as Mojaloop central-services-error-handling does (enums.js): a code's two leading digits give its
 * category and synchronous HTTP status, with per-code exceptions.
 */

/** §7.6: the first digit is the high-level category, the second the low-level one. */
export const FSPIOP_CATEGORIES = {
  '10': { name: 'Generic communication error', status: 503 },
  '20': { name: 'Generic server error', status: 500 },
  '30': { name: 'Generic client error', status: 400 },
  '31': { name: 'Validation error', status: 400 },
  '32': { name: 'Identifier error', status: 400 },
  '33': { name: 'Expired error', status: 400 },
  '40': { name: 'Generic payer error', status: 400 },
  '41': { name: 'Payer rejection error', status: 400 },
  '42': { name: 'Payer limit error', status: 400 },
  '43': { name: 'Payer permission error', status: 400 },
  '44': { name: 'Payer blocked error', status: 400 },
  '50': { name: 'Generic payee error', status: 400 },
  '51': { name: 'Payee rejection error', status: 400 },
  '52': { name: 'Payee limit error', status: 400 },
  '53': { name: 'Payee permission error', status: 400 },
  '54': { name: 'Payee blocked error', status: 400 },
} as const satisfies Record<string, { name: string; status: number }>;

export type FspiopCategory = keyof typeof FSPIOP_CATEGORIES;

/**
 * Every code §7.6 defines. `status` is set only where it differs from the category's, following the HTTP
 * statuses of Table 4 in §3.2 (404 unknown URI, 406 unacceptable version, 501, 503).
 */
export const FSPIOP_ERRORS = {
  '1000': { name: 'Communication error' },
  '1001': { name: 'Destination communication error' },
  '2000': { name: 'Generic server error' },
  '2001': { name: 'Internal server error' },
  '2002': { name: 'Not implemented', status: 501 },
  '2003': { name: 'Service currently unavailable', status: 503 },
  '2004': { name: 'Server timed out' },
  // "Server is rejecting requests due to overloading. Try again later": HTTP says that with 503 and Retry-After
  // (RFC 9110 §15.6.4); central-services-error-handling leaves it at the 2xxx default 500.
  '2005': { name: 'Server busy', status: 503 },
  '3000': { name: 'Generic client error' },
  '3001': { name: 'Unacceptable version requested', status: 406 },
  '3002': { name: 'Unknown URI', status: 404 },
  '3003': { name: 'Add Party information error' },
  '3100': { name: 'Generic validation error' },
  '3101': { name: 'Malformed syntax' },
  '3102': { name: 'Missing mandatory element' },
  '3103': { name: 'Too many elements' },
  '3104': { name: 'Too large payload' },
  '3105': { name: 'Invalid signature' },
  '3106': { name: 'Modified request' },
  '3107': { name: 'Missing mandatory extension parameter' },
  '3200': { name: 'Generic ID not found' },
  '3201': { name: 'Destination FSP Error' },
  '3202': { name: 'Payer FSP ID not found' },
  '3203': { name: 'Payee FSP ID not found' },
  '3204': { name: 'Party not found' },
  '3205': { name: 'Quote ID not found' },
  '3206': { name: 'Transaction request ID not found' },
  '3207': { name: 'Transaction ID not found' },
  '3208': { name: 'Transfer ID not found' },
  '3209': { name: 'Bulk quote ID not found' },
  '3210': { name: 'Bulk transfer ID not found' },
  '3300': { name: 'Generic expired error' },
  '3301': { name: 'Transaction request expired' },
  '3302': { name: 'Quote expired' },
  '3303': { name: 'Transfer expired' },
  '4000': { name: 'Generic Payer error' },
  '4001': { name: 'Payer FSP insufficient liquidity' },
  '4100': { name: 'Generic Payer rejection' },
  '4101': { name: 'Payer rejected transaction request' },
  '4102': { name: 'Payer FSP unsupported transaction type' },
  '4103': { name: 'Payer unsupported currency' },
  '4200': { name: 'Payer limit error' },
  '4300': { name: 'Payer permission error' },
  '4400': { name: 'Generic Payer blocked error' },
  '5000': { name: 'Generic Payee error' },
  '5001': { name: 'Payee FSP insufficient liquidity' },
  '5100': { name: 'Generic Payee rejection' },
  '5101': { name: 'Payee rejected quote' },
  '5102': { name: 'Payee FSP unsupported transaction type' },
  '5103': { name: 'Payee FSP rejected quote' },
  '5104': { name: 'Payee rejected transaction' },
  '5105': { name: 'Payee FSP rejected transaction' },
  '5106': { name: 'Payee unsupported currency' },
  '5200': { name: 'Payee limit error' },
  '5300': { name: 'Payee permission error' },
  '5400': { name: 'Generic Payee blocked error' },
} as const satisfies Record<string, { name: string; status?: number }>;

export type FspiopCode = keyof typeof FSPIOP_ERRORS;

export interface FspiopErrorInfo {
  code: string;
  name: string;
  /** HTTP status of a synchronous error response; callbacks (`PUT …/error`) carry the code only. */
  status: number;
  category: FspiopCategory;
  /** True for xx40–xx99, which §7.6 leaves to the scheme. */
  schemeDefined: boolean;
}

/**
 * Looks a code up. A scheme-defined code (xx40–xx99 of a known category) is accepted and described by its
 * category's generic error, as §7.6 tells a receiver to interpret unknown ones; anything else is `undefined`.
 */
export function fspiopErrorInfo(code: string): FspiopErrorInfo | undefined {
  const category = code.slice(0, 2);
  if (!/^\d{4}$/.test(code) || !Object.hasOwn(FSPIOP_CATEGORIES, category)) return undefined;
  const categoryInfo = FSPIOP_CATEGORIES[category as FspiopCategory];
  if (Object.hasOwn(FSPIOP_ERRORS, code)) {
    const entry: { name: string; status?: number } = FSPIOP_ERRORS[code as FspiopCode];
    return { code, name: entry.name, status: entry.status ?? categoryInfo.status, category: category as FspiopCategory, schemeDefined: false };
  }
  // xx00–xx39 are reserved for the API itself: an unknown one there is a typo, not a scheme's code.
  if (Number(code.slice(2)) < 40) return undefined;
  const generic: { name: string; status?: number } = FSPIOP_ERRORS[`${category}00` as FspiopCode];
  return { code, name: generic.name, status: generic.status ?? categoryInfo.status, category: category as FspiopCategory, schemeDefined: true };
}
