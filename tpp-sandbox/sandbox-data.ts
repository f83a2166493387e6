// SPDX-License-Identifier: Apache-2.0
// The sandbox's banks, people and accounts. Bank names, FSP ids and MSISDNs follow the deck's lab
// (Buffalo in01tn01, Rhino in02tn03, Elephant in02tn04, Leopard in03tn05; Lion takes the free in01tn02).
// Credentials here are public sandbox credentials, published in the manifest; the store keeps only hashes.

export interface SandboxBank {
  tenantId: string;
  fspId: string;
  name: string;
  currency: string;
}

export interface SandboxAccount {
  /** Lango's stable resource id of the account (Berlin Group `resourceId`). */
  id: string;
  /** The account id the bank's Fineract interoperation API knows. */
  externalId: string;
  /** Domestic account number (BBAN-like), unique within the bank. */
  number: string;
  name: string;
  product: 'Savings' | 'Current';
  currency: string;
  /** Opening balance as a decimal string in major units; never a float. */
  openingBalance: string;
  /** MSISDN registered for this account at the scheme's account lookup, if any. */
  msisdn?: string;
}

export interface SandboxPsu {
  tenantId: string;
  username: string;
  password: string;
  fullName: string;
  accounts: SandboxAccount[];
}

/** One-time code every sandbox SCA accepts; real deployments send codes through the notification port. */
export const SANDBOX_OTP = '123456';
export const SANDBOX_CURRENCY = 'TZS';

export const SANDBOX_BANKS: readonly SandboxBank[] = [
  { tenantId: 'buffalo', fspId: 'in01tn01', name: 'Buffalo Bank', currency: SANDBOX_CURRENCY },
  { tenantId: 'lion', fspId: 'in01tn02', name: 'Lion Bank', currency: SANDBOX_CURRENCY },
  { tenantId: 'rhino', fspId: 'in02tn03', name: 'Rhino Bank', currency: SANDBOX_CURRENCY },
  { tenantId: 'elephant', fspId: 'in02tn04', name: 'Elephant Bank', currency: SANDBOX_CURRENCY },
  { tenantId: 'leopard', fspId: 'in03tn05', name: 'Leopard Bank', currency: SANDBOX_CURRENCY },
];

const account = (tenant: string, serial: string, details: Omit<SandboxAccount, 'id' | 'externalId' | 'number' | 'currency'>): SandboxAccount => ({
  id: `${tenant}-${serial}`,
  // 22 hex characters, the shape of the interop account ids in the deck's Fineract screenshots.
  externalId: `${Buffer.from(`${tenant}${serial}`).toString('hex').padEnd(22, '0').slice(0, 22)}`,
  number: `${SANDBOX_BANKS.findIndex((bank) => bank.tenantId === tenant) + 1}`.padStart(2, '0') + serial.padStart(8, '0'),
  currency: SANDBOX_CURRENCY,
  ...details,
});

export const SANDBOX_PSUS: readonly SandboxPsu[] = [
  {
    tenantId: 'buffalo', username: 'john.smith', password: 'buffalo-pass-1', fullName: 'John Smith',
    accounts: [
      account('buffalo', '1001', { name: 'Household', product: 'Current', openingBalance: '1500000.00', msisdn: '27710101999' }),
      account('buffalo', '1002', { name: 'Savings', product: 'Savings', openingBalance: '4200000.00' }),
    ],
  },
  {
    tenantId: 'rhino', username: 'john.smith', password: 'rhino-pass-1', fullName: 'John Smith',
    accounts: [account('rhino', '1001', { name: 'Bills', product: 'Current', openingBalance: '1230000.00' })],
  },
  {
    tenantId: 'lion', username: 'john.smith', password: 'lion-pass-1', fullName: 'John Smith',
    accounts: [account('lion', '1001', { name: 'Wallet', product: 'Current', openingBalance: '57360.00' })],
  },
  {
    tenantId: 'lion', username: 'juma.salim', password: 'lion-pass-2', fullName: 'Juma Salim',
    accounts: [account('lion', '2001', { name: 'Wallet', product: 'Current', openingBalance: '350000.00', msisdn: '27710102999' })],
  },
  {
    tenantId: 'rhino', username: 'baraka.mwakyusa', password: 'rhino-pass-2', fullName: 'Baraka Mwakyusa',
    accounts: [account('rhino', '2001', { name: 'Main', product: 'Current', openingBalance: '800000.00', msisdn: '27710203999' })],
  },
  {
    tenantId: 'elephant', username: 'neema.kimaro', password: 'elephant-pass-1', fullName: 'Neema Kimaro',
    accounts: [account('elephant', '2001', { name: 'Main', product: 'Current', openingBalance: '650000.00', msisdn: '27710204999' })],
  },
  {
    tenantId: 'leopard', username: 'amina.mushi', password: 'leopard-pass-1', fullName: 'Amina Mushi',
    accounts: [account('leopard', '2001', { name: 'Main', product: 'Current', openingBalance: '900000.00', msisdn: '27710305999' })],
  },
];

export interface SandboxOperator {
  username: string;
  password: string;
  /** Tenant id → viewer | operator | supervisor. */
  roles: Record<string, 'viewer' | 'operator' | 'supervisor'>;
}

/**
 * Back-office operators (issue 7), signing in through the operations client; public sandbox credentials,
 * published in the manifest. Added at every seeding when absent (an existing operator keeps its password).
 */
export const SANDBOX_OPERATORS: readonly SandboxOperator[] = [
  { username: 'ops.viewer', password: 'ops-viewer-pass-1', roles: { buffalo: 'viewer' } },
  { username: 'ops.operator', password: 'ops-operator-pass-1', roles: { buffalo: 'operator' } },
  { username: 'ops.supervisor', password: 'ops-supervisor-pass-1', roles: { buffalo: 'supervisor' } },
  // A second supervisor, so four-eyes approvals can be tried with the seeded operators alone.
  { username: 'ops.supervisor.two', password: 'ops-supervisor-pass-2', roles: { buffalo: 'supervisor' } },
  { username: 'ops.lion.supervisor', password: 'ops-lion-pass-1', roles: { lion: 'supervisor' } },
];

/** Bumped when the seed changes shape; a data directory seeded by an older version is left as it is. */
export const SANDBOX_SEED_VERSION = 1;
