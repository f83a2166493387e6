// SPDX-License-Identifier: Apache-2.0
// Account information, as the starter kit's example does it (NextGenPSD2 §6.3, OAuth SCA approach): a
// bank-offered consent, the PSU authorises it at the bank (`scope=AIS:<consentId>`), then the accounts and each
// one's balances are read with the PSU's token and the Consent-ID.
import { CheckFailedError } from './errors.js';
import { expectStatus, made, xs2a, type Journey, type ListedAccount, type StepResult } from './journey.js';
import { authoriseByPsu, ROLE_SCOPES } from './oauth-checks.js';

const DAY_MS = 86_400_000;

interface Balance { balanceType: string; balanceAmount: { amount: string; currency: string } }

const accountName = (account: ListedAccount) => account.iban ?? account.bban ?? account.resourceId;

export async function consentCheck(journey: Journey): Promise<StepResult> {
  const { target, options } = journey;
  // Empty lists: the PSU picks the accounts on the bank's page. Recurring with 4 reads a day, as a real AIS app asks.
  const validUntil = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const answer = expectStatus(await xs2a<{ consentId?: string; consentStatus?: string }>(journey, 'POST', '/v1/consents', made(journey.tokens.get(ROLE_SCOPES.AIS), 'the accounts token'), {
    headers: { 'Platform-TenantId': target.bank, 'PSU-IP-Address': options.psuIpAddress },
    body: { access: { accounts: [], balances: [] }, recurringIndicator: true, validUntil, frequencyPerDay: 4, combinedServiceIndicator: false },
  }), [201], `POST /v1/consents at ${target.bank}`);
  if (!answer.body.consentId) throw new CheckFailedError('POST /v1/consents answered 201 without a consentId', answer.status);
  journey.consentId = answer.body.consentId;
  return { detail: `consent ${answer.body.consentId} created at ${target.bank} (${answer.body.consentStatus ?? 'no status'})`, httpStatus: answer.status };
}

export async function scaCheck(journey: Journey): Promise<StepResult> {
  const consentId = made(journey.consentId, 'the consent');
  const tokens = await authoriseByPsu(journey, `AIS:${consentId}`);
  journey.aisToken = tokens.access_token;
  const status = expectStatus(await xs2a<{ consentStatus?: string }>(journey, 'GET', `/v1/consents/${consentId}/status`, made(journey.tokens.get(ROLE_SCOPES.AIS), 'the accounts token')),
    [200], 'GET /v1/consents/{consentId}/status');
  if (status.body.consentStatus !== 'valid') throw new CheckFailedError(`the PSU authorised, but the consent is ${status.body.consentStatus ?? 'without status'}, not valid`, status.status);
  return { detail: `${journey.target.psu.username} signed in, entered the one-time code and allowed access; consent ${consentId} is valid`, httpStatus: status.status };
}

const readHeaders = (journey: Journey) => ({ 'Consent-ID': made(journey.consentId, 'the consent'), 'PSU-IP-Address': journey.options.psuIpAddress });

export async function accountsCheck(journey: Journey): Promise<StepResult> {
  const answer = expectStatus(await xs2a<{ accounts?: ListedAccount[] }>(journey, 'GET', '/v1/accounts', made(journey.aisToken, 'the PSU token'), { headers: readHeaders(journey) }),
    [200], 'GET /v1/accounts');
  const accounts = answer.body.accounts ?? [];
  if (accounts.length === 0) throw new CheckFailedError('GET /v1/accounts listed no account: the consent covers none', answer.status);
  journey.accounts = accounts;
  return { detail: `${accounts.length} account${accounts.length === 1 ? '' : 's'}: ${accounts.map((account) => `${accountName(account)} ${account.currency ?? ''}`.trim()).join(', ')}`, httpStatus: answer.status };
}

export async function balancesCheck(journey: Journey): Promise<StepResult> {
  const said: string[] = [];
  let status = 200;
  for (const account of made(journey.accounts, 'the accounts')) {
    const answer = expectStatus(await xs2a<{ balances?: Balance[] }>(journey, 'GET', `/v1/accounts/${encodeURIComponent(account.resourceId)}/balances`, made(journey.aisToken, 'the PSU token'), { headers: readHeaders(journey) }),
      [200], `GET /v1/accounts/{accountId}/balances of ${accountName(account)}`);
    const balances = answer.body.balances ?? [];
    if (balances.length === 0) throw new CheckFailedError(`GET /v1/accounts/{accountId}/balances of ${accountName(account)} listed no balance`, answer.status);
    const first = balances[0]!;
    said.push(`${accountName(account)} ${first.balanceAmount.amount} ${first.balanceAmount.currency} (${first.balanceType})`);
    status = answer.status;
  }
  return { detail: said.join('; '), httpStatus: status };
}
