// SPDX-License-Identifier: Apache-2.0
// The banks' accounts as the gateway addresses them: Lango's resource id for the TPP, the domestic number
// (BBAN-like) in account references, the AMS id for the core banking calls, and the PSU who owns each.

export interface BankAccount {
  /** Lango's resource id (Berlin Group `resourceId`). */
  id: string;
  tenantId: string;
  /** `<tenantId>:<username>` of the owner. */
  psuId: string;
  /** Domestic account number, unique within the bank: a reference's `bban`. */
  number: string;
  /** The id the bank's AMS (Fineract's interoperation API) knows the account by. */
  amsAccountId: string;
  name: string;
  product: string;
  currency: string;
  ownerName: string;
  /** MSISDN registered for the account at the scheme, if any: a reference's `msisdn`. */
  msisdn?: string | undefined;
}

export interface Bank {
  tenantId: string;
  name: string;
  currency: string;
}

/** Where the gateway finds banks and accounts (port). Reads may be cached: accounts change rarely. */
export interface AccountDirectory {
  /** Every bank a TPP may address (`Platform-TenantId`). */
  banks(): Promise<Bank[]>;
  /** The account with this resource id, or undefined. */
  account(accountId: string): Promise<BankAccount | undefined>;
  /** The account with this domestic number at the bank, or undefined. */
  accountByNumber(tenantId: string, number: string): Promise<BankAccount | undefined>;
  /** The account an MSISDN is registered to at the bank, or undefined. */
  accountByMsisdn(tenantId: string, msisdn: string): Promise<BankAccount | undefined>;
  /** The PSU's accounts at its bank. */
  accountsOf(psuId: string): Promise<BankAccount[]>;
}
