// SPDX-License-Identifier: Apache-2.0
// The sandbox's accounts as the simulated Fineract of each bank holds them: keyed by the interop account id
// (`externalId`), with the PSU as holder and the MSISDN registered as a party.
import { SANDBOX_PSUS, type SandboxPsu } from '../../sandbox-data.js';
import type { SeedAccount } from './accounts.js';

/** The seed list for `FineractSimulator.seed` from the sandbox PSUs (all of them by default). */
export function sandboxFineractAccounts(psus: readonly SandboxPsu[] = SANDBOX_PSUS): SeedAccount[] {
  return psus.flatMap((psu) => psu.accounts.map((account) => ({
    tenantId: psu.tenantId,
    accountId: account.externalId,
    currency: account.currency,
    openingBalance: account.openingBalance,
    holderName: psu.fullName,
    ...(account.msisdn && { msisdn: account.msisdn }),
  })));
}
