// SPDX-License-Identifier: Apache-2.0
// Payment initiation (NextGenPSD2 §5, OAuth SCA approach): a small real payment in the sandbox. Between two of
// the PSU's own accounts when it has two in one currency (on-us credit transfer, booked inside the bank), else
// to another sandbox PSU's MSISDN at another bank (Mojaloop credit transfer through the switch simulator). The
// accounts come from the sandbox manifest — published sandbox data — so a PIS-only app is tested the same way.
import { CheckFailedError } from './errors.js';
import { expectStatus, fetchVia, made, xs2a, type Journey, type StepResult } from './journey.js';
import { authoriseByPsu, ROLE_SCOPES } from './oauth-checks.js';

interface ManifestAccount { number: string; currency: string; msisdn: string | null }
interface Manifest {
  currency?: string | null;
  psus?: { tenantId: string; username: string; fullName: string; accounts: ManifestAccount[] }[];
  msisdns?: { msisdn: string; tenantId: string; owner?: string }[];
}

/** Berlin Group transactionStatus values after which nothing more happens to the payment. */
const SETTLED = ['ACSC', 'ACCC'];
const REFUSED = ['RJCT', 'CANC'];
/** Accepted by the bank, not yet settled: a pass if the wait runs out here. */
const ACCEPTED = ['ACCP', 'ACSP', 'ACTC', 'ACWC', 'ACWP', 'ACFC', 'PATC', 'PART'];
const POLL_MS = 250;

interface PaymentPlan { product: 'on-us-credit-transfers' | 'mojaloop-credit-transfers'; body: Record<string, unknown>; says: string }

async function manifestOf(journey: Journey): Promise<Manifest> {
  try {
    const response = await fetchVia(journey.browserAgent)(`${journey.target.urls.public.replace(/\/+$/, '')}/sandbox/manifest.json`);
    return response.ok ? await response.json() as Manifest : {};
  } catch {
    return {};
  }
}

/** The payment to make: from the PSU's first account, to its second one or to someone else's MSISDN. */
async function planPayment(journey: Journey): Promise<PaymentPlan> {
  const { target, options } = journey;
  const manifest = await manifestOf(journey);
  const psu = manifest.psus?.find((candidate) => candidate.tenantId === target.bank && candidate.username === target.psu.username);
  const from = psu?.accounts[0] ?? journey.accounts?.filter((account) => account.bban).map((account) => ({ number: account.bban!, currency: account.currency ?? '', msisdn: null }))[0];
  if (!from) throw new CheckFailedError(`cannot tell which account of ${target.psu.username} at ${target.bank} to pay from: the sandbox manifest does not list the PSU`);
  const currency = from.currency || manifest.currency || 'TZS';
  const amount = { currency, amount: options.paymentAmount };
  const own = psu?.accounts.find((account) => account !== from && account.currency === currency);
  if (own) {
    return {
      product: 'on-us-credit-transfers', says: `${amount.amount} ${currency} from ${from.number} to ${own.number} (both ${target.psu.username}'s)`,
      body: { debtorAccount: { bban: from.number }, instructedAmount: amount, creditorAccount: { bban: own.number }, creditorName: psu!.fullName },
    };
  }
  const mine = new Set(psu?.accounts.map((account) => account.msisdn).filter(Boolean));
  const others = (manifest.msisdns ?? []).filter((entry) => !mine.has(entry.msisdn) && entry.owner !== psu?.fullName);
  const payee = others.find((entry) => entry.tenantId !== target.bank) ?? others[0];
  if (!payee) throw new CheckFailedError('the sandbox manifest lists no other account to pay to');
  return {
    product: 'mojaloop-credit-transfers', says: `${amount.amount} ${currency} from ${from.number} to ${payee.owner ?? 'MSISDN'} ${payee.msisdn} at ${payee.tenantId}`,
    body: { debtorAccount: { bban: from.number }, instructedAmount: amount, creditorAccount: { msisdn: payee.msisdn }, creditorName: payee.owner ?? 'Sandbox PSU' },
  };
}

export async function initiatePaymentCheck(journey: Journey): Promise<StepResult> {
  const plan = await planPayment(journey);
  const path = `/v1/payments/${plan.product}`;
  const answer = expectStatus(await xs2a<{ paymentId?: string; transactionStatus?: string }>(journey, 'POST', path, made(journey.tokens.get(ROLE_SCOPES.PIS), 'the payments token'), {
    headers: { 'Platform-TenantId': journey.target.bank, 'PSU-IP-Address': journey.options.psuIpAddress }, body: plan.body,
  }), [201], `POST ${path}`);
  if (!answer.body.paymentId) throw new CheckFailedError(`POST ${path} answered 201 without a paymentId`, answer.status);
  journey.payment = { id: answer.body.paymentId, path: `${path}/${answer.body.paymentId}` };
  return { detail: `payment ${answer.body.paymentId} of ${plan.says} (${answer.body.transactionStatus ?? 'no status'})`, httpStatus: answer.status };
}

export async function authorisePaymentCheck(journey: Journey): Promise<StepResult> {
  const payment = made(journey.payment, 'the payment');
  await authoriseByPsu(journey, `PIS:${payment.id}`);
  return { detail: `${journey.target.psu.username} signed in, entered the one-time code and authorised payment ${payment.id}`, httpStatus: 200 };
}

/** Polls the payment's status until it settles or is refused, or the wait runs out. */
export async function paymentStatusCheck(journey: Journey): Promise<StepResult> {
  const payment = made(journey.payment, 'the payment');
  const token = made(journey.tokens.get(ROLE_SCOPES.PIS), 'the payments token');
  const deadline = Date.now() + journey.options.paymentTimeoutMs;
  for (;;) {
    const answer = expectStatus(await xs2a<{ transactionStatus?: string }>(journey, 'GET', `${payment.path}/status`, token), [200], 'GET /v1/payments/{product}/{paymentId}/status');
    const status = answer.body.transactionStatus ?? '';
    if (SETTLED.includes(status)) return { detail: `payment ${payment.id} settled (${status})`, httpStatus: answer.status };
    if (REFUSED.includes(status)) throw new CheckFailedError(`payment ${payment.id} ended ${status}: the bank did not execute it`, answer.status);
    if (Date.now() >= deadline) {
      const waited = `${Math.round(journey.options.paymentTimeoutMs / 1000)} s`;
      if (ACCEPTED.includes(status)) return { detail: `payment ${payment.id} accepted (${status}), not yet settled after ${waited}`, httpStatus: answer.status };
      throw new CheckFailedError(`payment ${payment.id} is still ${status || 'without status'} after ${waited}`, answer.status);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
