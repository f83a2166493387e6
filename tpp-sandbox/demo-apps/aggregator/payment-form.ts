// SPDX-License-Identifier: Apache-2.0
// The payment form read into a Berlin Group initiation, checked before anything reaches the bank so the user
// learns what to correct in words, field by field. Amounts stay decimal strings: parsed by pattern, never as floats.
import type { Account, PaymentInitiation, PaymentProduct } from './aggregator-client.js';
import { PAYMENT_PRODUCTS } from './aggregator-client.js';
import { FormInvalidError } from './errors.js';

/** An account the user may pay from: which bank, and the account as the bank lists it. */
export interface SourceAccount {
  bank: string;
  bankName: string;
  account: Account;
}

/** The form's fields as typed (shown again when something must be corrected). */
export interface PaymentFormValues {
  from: string;
  product: string;
  creditor: string;
  creditorName: string;
  amount: string;
  reference: string;
}

export interface PaymentOrder {
  source: SourceAccount;
  product: PaymentProduct;
  initiation: PaymentInitiation;
}

/** The `from` value of a source account: bank and resource id. */
export const sourceKey = (source: { bank: string; account: { resourceId: string } }) => `${source.bank}/${source.account.resourceId}`;

/** Digits after the decimal point in `currency` (ISO 4217 as Intl knows it: 2 for TZS, 0 for JPY). */
function decimalsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The amount as the API wants it, or why it is not one: digits, at most the currency's decimals, more than zero. */
export function amountProblem(amount: string, currency: string): string | undefined {
  const decimals = decimalsOf(currency);
  if (amount === '') return 'Enter an amount, such as 1500.00';
  const match = /^(0|[1-9][0-9]{0,13})(?:\.([0-9]+))?$/.exec(amount);
  if (!match) return 'Enter the amount in digits with a decimal point, such as 1500.00 (no spaces, commas or letters)';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return decimals === 0 ? `${currency} amounts have no decimals` : `${currency} amounts have at most ${decimals} decimals, such as 1500.50`;
  if (/^[0.]+$/.test(amount)) return 'The amount must be more than zero';
  return undefined;
}

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The form values as typed, every field a string. */
export function paymentFormValues(form: Record<string, unknown>): PaymentFormValues {
  return {
    from: trimmed(form.from), product: trimmed(form.product), creditor: trimmed(form.creditor).replace(/^\+/, ''),
    creditorName: trimmed(form.creditorName), amount: trimmed(form.amount), reference: trimmed(form.reference),
  };
}

/** The order, or every field to correct (FormInvalidError per field, in the form's order). */
export function readPaymentForm(values: PaymentFormValues, sources: readonly SourceAccount[]): PaymentOrder | FormInvalidError[] {
  const problems: FormInvalidError[] = [];
  const source = sources.find((candidate) => sourceKey(candidate) === values.from);
  if (!source) problems.push(new FormInvalidError('from', 'Choose the account to pay from'));
  const product = PAYMENT_PRODUCTS.find((candidate) => candidate === values.product);
  if (!product) problems.push(new FormInvalidError('product', 'Choose how the payee is reached'));
  if (product === 'mojaloop-credit-transfers' && !/^[1-9][0-9]{4,14}$/.test(values.creditor)) {
    problems.push(new FormInvalidError('creditor', 'Enter the payee\'s phone number in international form, digits only, such as 27710102999'));
  }
  if (product === 'on-us-credit-transfers' && !/^[0-9A-Za-z]{1,30}$/.test(values.creditor)) {
    problems.push(new FormInvalidError('creditor', 'Enter the payee\'s account number at the same bank, such as 0100001002'));
  }
  if (values.creditorName.length === 0 || values.creditorName.length > 70) problems.push(new FormInvalidError('creditorName', 'Enter the payee\'s name (at most 70 characters)'));
  const currency = source?.account.currency ?? 'TZS';
  const amountIssue = amountProblem(values.amount, currency);
  if (amountIssue) problems.push(new FormInvalidError('amount', amountIssue));
  if (values.reference.length > 140) problems.push(new FormInvalidError('reference', 'The reference has at most 140 characters'));
  if (source && !source.account.bban) problems.push(new FormInvalidError('from', 'This account has no account number to pay from'));
  if (problems.length > 0 || !source || !product) return problems;
  return {
    source,
    product,
    initiation: {
      debtorAccount: { bban: source.account.bban! },
      instructedAmount: { currency, amount: values.amount },
      creditorAccount: product === 'mojaloop-credit-transfers' ? { msisdn: values.creditor } : { bban: values.creditor },
      creditorName: values.creditorName,
      ...(values.reference && { remittanceInformationUnstructured: values.reference }),
    },
  };
}
