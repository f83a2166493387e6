// SPDX-License-Identifier: Apache-2.0
// The team sandbox's model (issue 8): test PSUs a portal team creates at the sandbox banks, each with one account
// whose balance the bank's Fineract holds, and the ports the service is built on.
import type { SandboxBank } from '../../sandbox-data.js';

/** The team's PSD2 organisation identifier (`PSDTZ-BOT-<id>`), the `org_id` of its clients; opaque here. */
export type OrganisationId = string;
export type AccountProduct = 'Savings' | 'Current';

/** What a team asks for; every field is checked (errors.ts). */
export interface NewTeamPsu {
  /** The sandbox bank (its tenant id, as in the manifest's `banks[].tenantId`). */
  tenantId: string;
  /** The team's part of the username; the PSU logs in as `<username>.<team suffix>` (rules.ts teamUsername). */
  username: string;
  fullName: string;
  /** Decimal string in major units of the bank's currency (e.g. "250000.00"); never a number. */
  openingBalance: string;
  /** `Current` by default. */
  product?: AccountProduct | undefined;
  /** The account's display name; the product's name by default. */
  accountName?: string | undefined;
}

export interface TeamAccount {
  /** Lango's account resource id (Berlin Group `resourceId`). */
  id: string;
  /** The account id the bank's Fineract knows (interop account id). */
  externalId: string;
  /** Domestic account number, unique within the bank. */
  number: string;
  name: string;
  product: AccountProduct;
  currency: string;
  /** Decimal string with the currency's minor digits; what reset restores. */
  openingBalance: string;
  /** The ledger balance now, a decimal string; only when asked for (`listPsus(..., { balances: true })`). */
  balance?: string | undefined;
}

export interface TeamPsu {
  /** `<tenantId>:<username>`, the PSU id of tokens and consents. */
  id: string;
  tenantId: string;
  bankName: string;
  /** The full login name (with the team suffix). */
  username: string;
  fullName: string;
  ownerOrganisationId: OrganisationId;
  /** Epoch ms. */
  createdAt: number;
  accounts: TeamAccount[];
}

export interface CreatedTeamPsu {
  psu: TeamPsu;
  /** The generated login password, returned this once: only its scrypt hash is stored. */
  password: string;
}

export interface ResetOutcome {
  /** Every account put back to its opening balance, with an empty history. */
  restored: { psuId: string; accountId: string; tenantId: string; openingBalance: string }[];
}

/** A team's sandbox PSUs (port; the portal's routes call it with the signed-in developer's organisation). */
export interface TeamSandbox {
  /**
   * Creates a PSU at the bank, owned by the team, with one account opened at the bank with its opening balance.
   * Errors: ORGANISATION_INVALID, USERNAME_INVALID, FULL_NAME_INVALID, BANK_UNKNOWN, AMOUNT_INVALID, PRODUCT_INVALID,
   * ACCOUNT_NAME_INVALID, USERNAME_TAKEN, PSU_LIMIT_REACHED, TEST_BANK_UNAVAILABLE (then nothing is created).
   */
  createPsu(owner: OrganisationId, input: NewTeamPsu): Promise<CreatedTeamPsu>;
  /** The team's PSUs with their accounts, by bank then username; with `balances`, each account's balance now (TEST_BANK_UNAVAILABLE). */
  listPsus(owner: OrganisationId, options?: { balances?: boolean }): Promise<TeamPsu[]>;
  /** Restores every account of the team's PSUs to its opening balance with an empty history; nothing else is touched. TEST_BANK_UNAVAILABLE. */
  reset(owner: OrganisationId): Promise<ResetOutcome>;
  /** Deletes one of the team's PSUs and closes its account at the bank. TEAM_PSU_UNKNOWN, TEST_BANK_UNAVAILABLE. */
  deletePsu(owner: OrganisationId, psuId: string): Promise<void>;
}

/** An account as the bank's core banking system opens it. */
export interface TestAccount {
  tenantId: string;
  /** The interop account id (`TeamAccount.externalId`). */
  accountId: string;
  currency: string;
  /** Decimal string in major units. */
  openingBalance: string;
  holderName: string;
}

/** The banks' core banking system, as far as test accounts go (port; adapter over the Fineract simulator's admin API). */
export interface TestAccountBank {
  /** Opens the account with its opening balance as its first deposit; one that exists is left as it is. */
  open(account: TestAccount): Promise<void>;
  /** Puts the account back to its opening balance with no other history, active; opens it when the bank lacks it. */
  restore(account: TestAccount): Promise<void>;
  /** Closes the account: every payment on it is refused from now on. Nothing when the bank does not know it. */
  close(tenantId: string, accountId: string): Promise<void>;
  /** The ledger balance as a decimal string, or undefined when the bank does not know the account. */
  balance(tenantId: string, accountId: string): Promise<string | undefined>;
}

/** A new PSU and its account as the store writes them. */
export interface TeamPsuRecord {
  psu: Omit<TeamPsu, 'bankName' | 'accounts'> & { passwordHash: string };
  account: Omit<TeamAccount, 'balance'>;
}

/** Where team PSUs are kept: the sandbox directory's tables (port; SQL adapter on both dialects). */
export interface TeamPsuStore {
  /** The sandbox bank, or undefined. */
  bank(tenantId: string): Promise<SandboxBank | undefined>;
  /** Every sandbox bank, in FSP id order (its position numbers the bank's account numbers). */
  banks(): Promise<SandboxBank[]>;
  /** How many PSUs the team has, all banks together. */
  count(owner: OrganisationId): Promise<number>;
  /** Writes the PSU and its account at once; `USERNAME_TAKEN` or `ACCOUNT_TAKEN` (number or ids in use) write nothing. */
  insert(record: TeamPsuRecord): Promise<'CREATED' | 'USERNAME_TAKEN' | 'ACCOUNT_TAKEN'>;
  /** The team's PSUs with their accounts, by bank then username. */
  owned(owner: OrganisationId): Promise<TeamPsu[]>;
  /** Deletes the team's PSU and its accounts; false when the team has no such PSU. */
  remove(owner: OrganisationId, psuId: string): Promise<boolean>;
}
