// SPDX-License-Identifier: Apache-2.0
// The team sandbox service (issue 8): a portal team's own test PSUs at the sandbox banks. The PSU and its account
// are written to the sandbox directory, the balance is opened at the bank's Fineract; reset puts balances back.
import { hashSecret } from '../../../platform/crypto/index.js';
import { BankUnknownError, PsuLimitReachedError, TeamPsuUnknownError, UsernameTakenError } from './errors.js';
import type { CreatedTeamPsu, NewTeamPsu, OrganisationId, ResetOutcome, TeamPsu, TeamPsuStore, TeamSandbox, TestAccountBank } from './model.js';
import { MAX_TEAM_PSUS, checkAmount, checkNewPsu, checkOwner, generatePassword, newAccountIds, teamUsername } from './rules.js';

export interface TeamSandboxOptions {
  store: TeamPsuStore;
  bank: TestAccountBank;
  /** Epoch ms; `Date.now` by default. */
  now?: () => number;
  /** PSUs per team; MAX_TEAM_PSUS by default. */
  maxPsus?: number;
}

/** Random account numbers collide once in millions; a few fresh draws make a failure practically impossible. */
const ACCOUNT_ID_ATTEMPTS = 3;

export function createTeamSandbox(options: TeamSandboxOptions): TeamSandbox {
  const { store, bank } = options;
  const now = options.now ?? Date.now;
  const maxPsus = options.maxPsus ?? MAX_TEAM_PSUS;

  const owned = async (owner: OrganisationId, psuId: string): Promise<TeamPsu> => {
    const psu = (await store.owned(owner)).find((candidate) => candidate.id === psuId);
    if (!psu) throw new TeamPsuUnknownError();
    return psu;
  };

  return {
    async createPsu(owner: OrganisationId, input: NewTeamPsu): Promise<CreatedTeamPsu> {
      checkOwner(owner);
      const checked = checkNewPsu(input);
      const banks = await store.banks();
      const position = banks.findIndex((candidate) => candidate.tenantId === checked.tenantId);
      const at = banks[position];
      if (!at) throw new BankUnknownError(checked.tenantId);
      const openingBalance = checkAmount(input.openingBalance, at.currency);
      if ((await store.count(owner)) >= maxPsus) throw new PsuLimitReachedError(maxPsus);

      const username = teamUsername(checked.username, owner);
      const password = generatePassword();
      const psu = { id: `${at.tenantId}:${username}`, tenantId: at.tenantId, username, fullName: checked.fullName, ownerOrganisationId: owner, createdAt: now() };
      const record = { psu: { ...psu, passwordHash: await hashSecret(password) } };
      let account;
      for (let attempt = 1; ; attempt += 1) {
        account = { ...newAccountIds(at.tenantId, position), name: checked.accountName, product: checked.product, currency: at.currency, openingBalance };
        const outcome = await store.insert({ ...record, account });
        if (outcome === 'CREATED') break;
        if (outcome === 'USERNAME_TAKEN') throw new UsernameTakenError(username);
        if (attempt >= ACCOUNT_ID_ATTEMPTS) throw new Error(`no free account number at ${at.tenantId} after ${attempt} attempts`);
      }
      try {
        await bank.open({ tenantId: at.tenantId, accountId: account.externalId, currency: at.currency, openingBalance, holderName: checked.fullName });
      } catch (error) {
        // Without its balance the PSU would be a broken test subject: take it back, so a retry starts clean.
        await store.remove(owner, psu.id);
        throw error;
      }
      return { psu: { ...psu, bankName: at.name, accounts: [account] }, password };
    },

    async listPsus(owner, listOptions = {}) {
      checkOwner(owner);
      const psus = await store.owned(owner);
      if (!listOptions.balances) return psus;
      for (const psu of psus) {
        for (const account of psu.accounts) account.balance = await bank.balance(psu.tenantId, account.externalId);
      }
      return psus;
    },

    async reset(owner): Promise<ResetOutcome> {
      checkOwner(owner);
      const restored: ResetOutcome['restored'] = [];
      for (const psu of await store.owned(owner)) {
        for (const account of psu.accounts) {
          await bank.restore({ tenantId: psu.tenantId, accountId: account.externalId, currency: account.currency, openingBalance: account.openingBalance, holderName: psu.fullName });
          restored.push({ psuId: psu.id, accountId: account.id, tenantId: psu.tenantId, openingBalance: account.openingBalance });
        }
      }
      return { restored };
    },

    async deletePsu(owner, psuId) {
      checkOwner(owner);
      const psu = await owned(owner, psuId);
      // The account is closed first: should that fail, the PSU is still listed and the delete can be repeated.
      for (const account of psu.accounts) await bank.close(psu.tenantId, account.externalId);
      if (!(await store.remove(owner, psuId))) throw new TeamPsuUnknownError();
    },
  };
}
