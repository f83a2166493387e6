// SPDX-License-Identifier: Apache-2.0
// NextGenPSD2 account references (`accountReference`) and how they name the banks' accounts: `bban` is the
// domestic account number, `msisdn` the phone number registered for the account. The sandbox banks have no IBANs.
import { berlinGroupError } from '../../platform/errors/index.js';
import type { AccountDirectory, BankAccount } from './bank-accounts.js';

export interface AccountReference {
  iban?: string;
  bban?: string;
  pan?: string;
  maskedPan?: string;
  msisdn?: string;
  currency?: string;
}

/** The reference a TPP is shown for an account. */
export function referenceOf(account: BankAccount): AccountReference {
  return { bban: account.number, currency: account.currency };
}

/** The bank's account a reference names; FORMAT_ERROR (400) for a reference of another kind or no account. */
export async function resolveReference(directory: AccountDirectory, tenantId: string, reference: unknown, path: string): Promise<BankAccount> {
  const ref = (reference ?? {}) as AccountReference;
  let account: BankAccount | undefined;
  if (typeof ref.bban === 'string') account = await directory.accountByNumber(tenantId, ref.bban);
  else if (typeof ref.msisdn === 'string') account = await directory.accountByMsisdn(tenantId, ref.msisdn);
  else if (ref.iban !== undefined || ref.pan !== undefined || ref.maskedPan !== undefined) {
    throw berlinGroupError('FORMAT_ERROR', `${path}: this bank's accounts are referenced by bban or msisdn`, { path });
  } else throw berlinGroupError('FORMAT_ERROR', `${path} needs a bban or an msisdn`, { path });
  if (!account) throw berlinGroupError('FORMAT_ERROR', `${path} names no account at this bank`, { path });
  if (ref.currency !== undefined && ref.currency !== account.currency) {
    throw berlinGroupError('FORMAT_ERROR', `${path}.currency: the account is held in ${account.currency}`, { path: `${path}.currency` });
  }
  return account;
}
