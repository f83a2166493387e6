// SPDX-License-Identifier: Apache-2.0
import type { SandboxAccount, SandboxBank, SandboxOperator, SandboxPsu } from './sandbox-data.js';

export interface StoredPsu {
  id: string;
  tenantId: string;
  username: string;
  fullName: string;
  /** The portal team (PSD2 organisation id) that created this PSU; absent for the seeded, shared PSUs. */
  ownerOrganisationId?: string;
}

/** Who is asking a PSU to log in (see PsuLoginContext in consent/psu/psu-directory.ts). */
export interface PsuLoginContext {
  /** `org_id` of the client the authorisation was started by; absent when no client or one without organisation. */
  clientOrganisationId?: string | undefined;
}

export interface StoredAccount extends Omit<SandboxAccount, 'msisdn'> {
  tenantId: string;
  psuId: string;
}

export interface IdentifierMapping {
  idType: 'MSISDN';
  idValue: string;
  tenantId: string;
  accountId: string;
}

export interface SeedOutcome {
  /** True when this call wrote the seed; false when the data directory was seeded before. */
  seeded: boolean;
  /** When the seed was first written (epoch ms); the same on every later start. */
  seededAt: number;
  version: number;
}

/** The sandbox's banks, PSUs, accounts and identifier mappings (port; one SQL adapter on both dialects). */
export interface SandboxDirectory {
  /**
   * Writes banks, PSUs (password hashes only), accounts and MSISDNs once, atomically; later calls change nothing.
   * The back-office operators (default SANDBOX_OPERATORS) are added at every call when absent.
   */
  seed(banks: readonly SandboxBank[], psus: readonly SandboxPsu[], version: number, operators?: readonly SandboxOperator[]): Promise<SeedOutcome>;
  /** The seed record, or undefined when the directory has never been seeded. */
  seedState(): Promise<SeedOutcome | undefined>;
  /** Every bank, in FSP id order. */
  banks(): Promise<SandboxBank[]>;
  /** PSUs of one bank, or of all banks, by tenant then username. */
  psus(tenantId?: string): Promise<StoredPsu[]>;
  /** Accounts of one PSU, or of all PSUs, by account number. */
  accounts(psuId?: string): Promise<StoredAccount[]>;
  /** Every identifier mapping, by value. */
  identifiers(): Promise<IdentifierMapping[]>;
  /** The account an identifier is registered to, or undefined. */
  accountByIdentifier(idType: 'MSISDN', idValue: string): Promise<StoredAccount | undefined>;
  /**
   * The PSU when username and password match at that bank; undefined otherwise (no hint which part was wrong).
   * A team's PSU matches only when `context.clientOrganisationId` is its owner; otherwise undefined, as for a wrong password.
   */
  verifyPsuLogin(tenantId: string, username: string, password: string, context?: PsuLoginContext): Promise<StoredPsu | undefined>;
}
