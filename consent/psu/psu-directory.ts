// SPDX-License-Identifier: Apache-2.0
// What the PSU pages need from the banks: who may log in, and their accounts. The sandbox directory
// implements it today; a bank's AMS connector will tomorrow.

export interface PsuBank {
  tenantId: string;
  name: string;
}

export interface PsuIdentity {
  /** `<tenantId>:<username>`: the subject of tokens and the PSU of consents. */
  id: string;
  tenantId: string;
  username: string;
  fullName: string;
}

export interface PsuAccount {
  /** Lango's account resource id. */
  id: string;
  number: string;
  name: string;
  currency: string;
}

/** Who is asking a PSU to log in: a bank may keep some PSUs to some clients (the sandbox's team PSUs, issue 8). */
export interface PsuLoginContext {
  /** `org_id` of the client the authorisation was started by; absent when there is no client or it has none. */
  clientOrganisationId?: string | undefined;
}

/** The banks' PSUs and accounts (port). */
export interface PsuDirectory {
  /** Every bank (tenant) a PSU can log in to. */
  banks(): Promise<PsuBank[]>;
  /**
   * The PSU when username and password match at that bank; undefined otherwise, without saying which was wrong.
   * A PSU kept to one organisation's clients is undefined for any other `context`, exactly like a wrong password.
   */
  verifyPsuLogin(tenantId: string, username: string, password: string, context?: PsuLoginContext): Promise<PsuIdentity | undefined>;
  /** The PSU's accounts at its bank. */
  accounts(psuId: string): Promise<PsuAccount[]>;
}

/** Who gets a one-time code: a PSU (`<tenantId>:<username>`) or a back-office operator (`operator:<username>`, no tenant). */
export interface CodeRecipient {
  id: string;
  username: string;
  fullName: string;
  tenantId?: string | undefined;
}

/** Where one-time codes for SCA come from (port): the sandbox's published code, or codes sent through notifications. */
export interface OneTimeCodes {
  /** Creates a code for this PSU or operator and sends it; returns it so the page can check what is typed. */
  issue(recipient: CodeRecipient): Promise<string>;
}
