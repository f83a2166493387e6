// SPDX-License-Identifier: Apache-2.0
// An operator of the manifest, signed in through the consent server's operations client (PAR, PKCE,
// private_key_jwt, login and one-time code), calling the operations API with the access token.
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { privateKeyJwtClient } from './consent-harness.js';
import type { PaymentsSandbox, SandboxAccountRef, TransferAnswer } from './payments-sandbox.js';
import { poll } from './poll.js';
import { PsuBrowser, authoriseAsPsu } from './psu-browser.js';

export interface ManifestOperator {
  username: string;
  password: string;
  roles: Record<string, string>;
  otp: string;
}

export interface OperationsManifest {
  listeners: Record<string, string>;
  operationsClient: { issuer: string; clientId: string; redirectUri: string; privateJwk: Record<string, unknown> };
  operators: ManifestOperator[];
}

export interface OperationsCaller {
  readonly username: string;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string; headers: Headers }>;
}

/** Signs the operator in and returns an API caller with their access token. */
export async function signInOperator(manifest: OperationsManifest, operationsUrl: string, username: string): Promise<OperationsCaller> {
  const operator = manifest.operators.find((candidate) => candidate.username === username);
  if (!operator) throw new Error(`no operator ${username} in the manifest`);
  const { operationsClient } = manifest;
  const configuration = await privateKeyJwtClient(operationsClient.issuer, operationsClient.clientId, operationsClient.privateJwk as never, { id_token_signed_response_alg: 'ES256' });
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = await client.buildAuthorizationUrlWithPAR(configuration, {
    redirect_uri: operationsClient.redirectUri, scope: 'openid operations', state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const { callback } = await authoriseAsPsu(new PsuBrowser(), url, { username, password: operator.password, otps: [operator.otp] });
  const tokens = await client.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: verifier, expectedState: state });
  return operationsCaller(operationsUrl, username, tokens.access_token);
}

/** A caller with a given bearer token (or none). */
export function operationsCaller(operationsUrl: string, username: string, accessToken: string | undefined): OperationsCaller {
  return {
    username,
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${operationsUrl}/api/v1${path}`, {
        method,
        headers: { ...(accessToken && { authorization: `Bearer ${accessToken}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json = /^application\/(.+\+)?json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : undefined;
      return { status: response.status, body: json as T, text, headers: response.headers };
    },
  };
}

/**
 * The payer (an MSISDN) pays an account of the same bank (on-us) while that account's postings fail: the deposit
 * runs out of its retries and the transfer waits on an incident, as the operations view shows it.
 */
export async function stuckOnUsTransfer(sandbox: PaymentsSandbox, api: OperationsCaller, payerMsisdn: string, payee: SandboxAccountRef, amount: string): Promise<{ transactionId: string; processInstanceKey: string }> {
  await sandbox.fineractMode(payee.tenantId, 'unavailable', [payee.accountId]);
  const started = await sandbox.channel.call<TransferAnswer>('POST', '/channel/transfer', payee.tenantId, {
    payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: payerMsisdn } },
    payee: { partyIdInfo: { partyIdType: 'ACCOUNT_ID', partyIdentifier: payee.accountId, fspId: payee.fspId } },
    amount: { amount, currency: 'TZS' },
  });
  if (started.status !== 202) throw new Error(`transfer refused: ${started.status} ${JSON.stringify(started.body)}`);
  const found = await poll(() => api.call<{ items: { processInstanceKey: string }[] }>('GET', `/transfers?transactionId=${started.body.transactionId}&incident=true`),
    (answer) => answer.body.items.length === 1, 30_000, 'the transfer on an incident in the operations view');
  return { transactionId: started.body.transactionId, processInstanceKey: found.body.items[0]!.processInstanceKey };
}

/** A fresh chromium context signed in as the operator (consent server login and one-time code), on the transfers page. */
export async function operatorInChromium(browser: Browser, manifest: OperationsManifest, operationsUrl: string, username: string): Promise<Page> {
  const operator = manifest.operators.find((candidate) => candidate.username === username)!;
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${operationsUrl}/transfers`);
  await page.fill('#username', operator.username);
  await page.fill('#password', operator.password);
  await page.click('#login');
  await page.fill('#otp', operator.otp);
  await page.click('#verify');
  await page.waitForURL(`${operationsUrl}/transfers`);
  return page;
}
