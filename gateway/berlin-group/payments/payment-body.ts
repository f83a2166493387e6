// SPDX-License-Identifier: Apache-2.0
// A payment initiation body (§5.3) read into legs: JSON only, amounts as strict decimal strings in the debtor
// account's currency, the creditor as the product wants it.
import { formatMinorUnits, toMinorUnits } from '../../../platform/money/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import { resolveReference } from '../account-reference.js';
import type { AccountDirectory, BankAccount } from '../bank-accounts.js';
import { scheduleOf } from '../periodic/schedule.js';
import type { Creditor, PaymentLeg, PaymentService, StandingOrder } from './payment.js';
import { PAYMENT_PRODUCTS, type PaymentProduct } from './payment-products.js';

/** Lango's amount: at most 14 digits before the point and 3 after (the official pattern has no anchors). */
export const AMOUNT = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,3})?$/;
const MAX_BULK_ITEMS = 100;

export interface InitiationTerms {
  debtor: BankAccount;
  legs: PaymentLeg[];
  /** Periodic payments: the leg each execution copies, and when. */
  standingOrder?: StandingOrder | undefined;
}

function text(value: unknown, path: string, max: number, required = false): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw berlinGroupError('FORMAT_ERROR', `${path} must be text of 1 to ${max} characters`, { path });
  return value;
}

function amountOf(value: unknown, currency: string, path: string): string {
  const amount = (value ?? {}) as { amount?: unknown; currency?: unknown };
  if (typeof amount.amount !== 'string' || !AMOUNT.test(amount.amount)) throw berlinGroupError('FORMAT_ERROR', `${path}.amount must be a decimal string such as "1500.50"`, { path: `${path}.amount` });
  if (amount.currency !== currency) throw berlinGroupError('FORMAT_ERROR', `${path}.currency must be ${currency}, the debtor account's currency`, { path: `${path}.currency` });
  let minor: bigint;
  try {
    minor = toMinorUnits(amount.amount, currency);
  } catch {
    throw berlinGroupError('FORMAT_ERROR', `${path}.amount has more decimals than ${currency} allows`, { path: `${path}.amount` });
  }
  if (minor <= 0n) throw berlinGroupError('FORMAT_ERROR', `${path}.amount must be more than zero`, { path: `${path}.amount` });
  return formatMinorUnits(minor, currency);
}

async function creditorOf(directory: AccountDirectory, debtor: BankAccount, product: PaymentProduct, value: unknown, path: string): Promise<Creditor> {
  const ref = (value ?? {}) as { msisdn?: unknown; bban?: unknown; iban?: unknown };
  if (PAYMENT_PRODUCTS[product].creditor === 'msisdn') {
    if (typeof ref.msisdn !== 'string' || !/^[1-9]\d{4,14}$/.test(ref.msisdn)) {
      throw berlinGroupError('FORMAT_ERROR', `${path}.msisdn is required for ${product}: the creditor's phone number (E.164 digits)`, { path: `${path}.msisdn` });
    }
    // The scheme routes between banks: a customer of the debtor's own bank is not reached over it.
    if (await directory.accountByMsisdn(debtor.tenantId, ref.msisdn)) {
      throw berlinGroupError('PRODUCT_INVALID', `${ref.msisdn} banks with the debtor's bank: ${product} is for other banks of the scheme`, { path: `${path}.msisdn` });
    }
    return { kind: 'msisdn', msisdn: ref.msisdn };
  }
  const account = await resolveReference(directory, debtor.tenantId, value, path);
  if (account.id === debtor.id) throw berlinGroupError('FORMAT_ERROR', `${path} is the debtor account itself`, { path });
  return { kind: 'bban', bban: account.number };
}

async function legOf(directory: AccountDirectory, debtor: BankAccount, product: PaymentProduct, item: Record<string, unknown>, path: string): Promise<PaymentLeg> {
  const prefix = path ? `${path}.` : '';
  return {
    endToEndIdentification: text(item.endToEndIdentification, `${prefix}endToEndIdentification`, 35),
    creditor: await creditorOf(directory, debtor, product, item.creditorAccount, `${prefix}creditorAccount`),
    creditorName: text(item.creditorName, `${prefix}creditorName`, 70, true),
    amount: amountOf(item.instructedAmount, debtor.currency, `${prefix}instructedAmount`),
    currency: debtor.currency,
    remittanceInformationUnstructured: text(item.remittanceInformationUnstructured, `${prefix}remittanceInformationUnstructured`, 140),
    status: 'PENDING',
  };
}

function executionDate(value: unknown, today: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw berlinGroupError('FORMAT_ERROR', 'requestedExecutionDate must be a date (YYYY-MM-DD)', { path: 'requestedExecutionDate' });
  // Payments run at once; future-dated ones are not offered.
  if (value !== today) throw berlinGroupError('EXECUTION_DATE_INVALID', `requestedExecutionDate must be today (${today}) or absent`, { path: 'requestedExecutionDate' });
}

/** The debtor and legs of an initiation at the bank; FORMAT_ERROR, PRODUCT_INVALID or EXECUTION_DATE_INVALID otherwise. */
export async function initiationTermsOf(directory: AccountDirectory, tenantId: string, service: PaymentService, product: PaymentProduct, body: Record<string, unknown>, now: number): Promise<InitiationTerms> {
  const debtor = await resolveReference(directory, tenantId, body.debtorAccount, 'debtorAccount');
  const today = new Date(now).toISOString().slice(0, 10);
  executionDate(body.requestedExecutionDate, today);
  if (service === 'periodic-payments') {
    const schedule = scheduleOf(body, today);
    return { debtor, legs: [], standingOrder: { template: await legOf(directory, debtor, product, body, ''), schedule, finished: false } };
  }
  if (service !== 'bulk-payments') return { debtor, legs: [await legOf(directory, debtor, product, body, '')] };
  const items = body.payments;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BULK_ITEMS) {
    throw berlinGroupError('FORMAT_ERROR', `payments must list 1 to ${MAX_BULK_ITEMS} payments`, { path: 'payments' });
  }
  const legs: PaymentLeg[] = [];
  for (const [index, item] of items.entries()) {
    if (!item || typeof item !== 'object') throw berlinGroupError('FORMAT_ERROR', `payments[${index}] must be an object`, { path: `payments[${index}]` });
    legs.push(await legOf(directory, debtor, product, item as Record<string, unknown>, `payments[${index}]`));
  }
  return { debtor, legs };
}
