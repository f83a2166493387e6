// SPDX-License-Identifier: Apache-2.0
// Makes sandbox payments real: every sandbox account exists in its bank's Fineract simulator with its opening
// balance, every bank is a participant of the switch simulator with a net debit cap, every MSISDN is in the
// switch's account lookup and in the hub's identity mapping. Runs at every start; each part is idempotent.
import type { IdentityMapping } from '../hub/index.js';
import type { SandboxBank, SandboxPsu } from './sandbox-data.js';
import type { FineractSimulator } from './simulators/fineract/index.js';
import type { SwitchSimulator } from './simulators/switch/index.js';

/** Each sandbox bank's net debit cap at the switch: generous, so only a test that lowers it hits it. */
export const SANDBOX_NET_DEBIT_CAP = '100000000';

export interface PaymentsSeedTargets {
  fineract?: FineractSimulator;
  switch?: SwitchSimulator;
  identities?: IdentityMapping;
}

export async function seedSandboxPayments(banks: readonly SandboxBank[], psus: readonly SandboxPsu[], targets: PaymentsSeedTargets): Promise<void> {
  const accounts = psus.flatMap((psu) => psu.accounts.map((account) => ({ psu, account })));
  await targets.fineract?.seed(accounts.map(({ psu, account }) => ({
    tenantId: psu.tenantId, accountId: account.externalId, currency: account.currency, openingBalance: account.openingBalance,
    holderName: psu.fullName, msisdn: account.msisdn,
  })));
  for (const bank of banks) {
    await targets.switch?.registerParticipant({ fspId: bank.fspId, name: bank.name, currency: bank.currency, netDebitCap: SANDBOX_NET_DEBIT_CAP });
  }
  for (const { psu, account } of accounts) {
    if (!account.msisdn) continue;
    const bank = banks.find((candidate) => candidate.tenantId === psu.tenantId)!;
    await targets.switch?.registerIdentifier('MSISDN', account.msisdn, bank.fspId);
    await targets.identities?.register({ idType: 'MSISDN', idValue: account.msisdn, tenantId: psu.tenantId, accountId: account.externalId });
  }
}
