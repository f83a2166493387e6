// SPDX-License-Identifier: Apache-2.0
// Lango starter kit: the smallest complete Berlin Group AIS flow. It creates an account information consent,
// sends the PSU to the bank to authorise it (OAuth with PAR, PKCE and DPoP), then reads the PSU's accounts and
// prints their balances. Run it with `npm start` in the kit folder; it reads config.json, keys/ and certs/.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';

interface KitConfig {
  issuer: string;
  publicUrl: string;
  publicTlsUrl: string;
  clientId: string;
  redirectUri: string;
  bank: string;
}
interface TppMessage { category?: string; code?: string; text?: string }
interface AccountReference { resourceId: string; iban?: string; bban?: string; currency?: string }
interface Balance { balanceType: string; balanceAmount: { amount: string; currency: string } }

const kitFile = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const say = (line: string) => process.stdout.write(`${line}\n`);
const config = JSON.parse(kitFile('config.json')) as KitConfig;
// PSU-IP-Address says the PSU takes part right now (required to create a consent; reads with it do not count against
// frequencyPerDay). A web TPP forwards its user's address; this terminal program stands for a PSU on this machine.
const psuIpAddress = process.env.PSU_IP_ADDRESS ?? '127.0.0.1';

/** Prints why the bank refused (its Berlin Group tppMessages when it sent some) and stops with exit code 1. */
function fail(what: string, messages?: TppMessage[]): never {
  process.stderr.write(`FAILED ${what}\n`);
  for (const message of messages ?? []) process.stderr.write(`  ${message.category ?? 'ERROR'} ${message.code ?? ''}: ${message.text ?? ''}\n`);
  process.exit(1);
}

// The QWAC is this TPP's identity on the bank's TLS listener (no request signature needed there); the sandbox CA
// is trusted because it signed the listener's own certificate.
const mtls = new Agent({ connect: { cert: kitFile('certs/qwac.pem'), key: kitFile('certs/qwac.key'), ca: kitFile('certs/sandbox-ca.pem') } });

// The OAuth client authenticates with private_key_jwt; tokens are bound to a second key with DPoP (RFC 9449), so a
// stolen token is useless without that key.
const clientJwk = JSON.parse(kitFile('keys/client-private.jwk.json')) as JWK;
const dpopJwk = JSON.parse(kitFile('keys/dpop-private.jwk.json')) as JWK;
const { d: _private, ...dpopPublicJwk } = dpopJwk;
const clientKey = (await importJWK(clientJwk, 'ES256')) as oidc.CryptoKey;
const oauth = await oidc.discovery(new URL(config.issuer), config.clientId, {}, oidc.PrivateKeyJwt({ key: clientKey, kid: clientJwk.kid! }),
  // The sandbox serves OAuth on plain http over loopback; openid-client refuses that unless told.
  { execute: config.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [] });
// Every call (OAuth and XS2A) goes through undici with the QWAC agent; the https XS2A calls present the certificate.
oauth[oidc.customFetch] = (url, options) => undiciFetch(url, { ...options, dispatcher: mtls } as never) as unknown as Promise<Response>;
const dpop = oidc.getDPoPHandle(oauth, {
  privateKey: (await importJWK(dpopJwk, 'ES256')) as oidc.CryptoKey,
  publicKey: (await importJWK(dpopPublicJwk, 'ES256', { extractable: true })) as oidc.CryptoKey,
});

/** One XS2A call on the TLS listener with a DPoP-bound token; the JSON answer, or the tppMessages and exit 1. */
async function xs2a<T>(method: string, path: string, token: string, extra: { body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  // X-Request-ID is required on every call; the bank answers a repeated id with the first answer (idempotency).
  const headers = new Headers({ 'X-Request-ID': randomUUID(), ...extra.headers });
  if (extra.body !== undefined) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    // fetchProtectedResource sends `Authorization: DPoP <token>` and a fresh DPoP proof holding the token's hash.
    response = await oidc.fetchProtectedResource(oauth, token, new URL(`${config.publicTlsUrl}${path}`), method,
      extra.body === undefined ? undefined : JSON.stringify(extra.body), headers, { DPoP: dpop });
  } catch (error) {
    return fail(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  const answer = (text ? JSON.parse(text) : {}) as T & { tppMessages?: TppMessage[] };
  if (!response.ok) fail(`${method} ${path}: HTTP ${response.status}`, answer.tppMessages);
  return answer;
}

/** The first line typed on stdin: the URL the browser was sent back to. */
async function readLine(): Promise<string> {
  const input = createInterface({ input: process.stdin });
  const line = await new Promise<string>((resolve) => input.once('line', resolve));
  input.close();
  return line.trim();
}

try {
  // (a) The TPP's own client_credentials token (scope `accounts`) creates the consent at the bank named by
  // Platform-TenantId. Empty lists make it bank-offered: the PSU picks the accounts on the bank's page.
  const { access_token: tppToken } = await oidc.clientCredentialsGrant(oauth, { scope: 'accounts' }, { DPoP: dpop });
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const consent = await xs2a<{ consentId: string }>('POST', '/v1/consents', tppToken, {
    headers: { 'Platform-TenantId': config.bank, 'PSU-IP-Address': psuIpAddress },
    // frequencyPerDay: reads a day while the PSU is absent (calls without PSU-IP-Address).
    body: { access: { accounts: [], balances: [] }, recurringIndicator: true, validUntil, frequencyPerDay: 4, combinedServiceIndicator: false },
  });
  say(`CONSENT ${consent.consentId}`);

  // (b) OAuth SCA: push the authorisation request (PAR) naming the consent and the bank, with PKCE and DPoP.
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizeUrl = await oidc.buildAuthorizationUrlWithPAR(oauth, {
    redirect_uri: config.redirectUri, scope: `AIS:${consent.consentId}`, bank: config.bank, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }, { DPoP: dpop });
  say(`AUTHORIZE ${authorizeUrl.href}`);
  say('Open that URL, sign in as the PSU and allow; then paste here the URL your browser was sent back to:');
  const callback = new URL(await readLine());

  // (c) The code becomes the PSU's token for this consent, bound to the same DPoP key.
  const { access_token: psuToken } = await oidc.authorizationCodeGrant(oauth, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });

  // (d) Reads need the PSU's token and the consent id.
  const read = { headers: { 'Consent-ID': consent.consentId, 'PSU-IP-Address': psuIpAddress } };
  const { accounts } = await xs2a<{ accounts: AccountReference[] }>('GET', '/v1/accounts', psuToken, read);
  for (const account of accounts) {
    const { balances } = await xs2a<{ balances: Balance[] }>('GET', `/v1/accounts/${encodeURIComponent(account.resourceId)}/balances`, psuToken, read);
    for (const balance of balances) say(`BALANCE ${account.iban ?? account.bban} ${balance.balanceAmount.amount} ${balance.balanceAmount.currency} ${balance.balanceType}`);
  }
} catch (error) {
  // OAuth errors from openid-client carry the server's error code and description.
  const oauthError = error as { error?: string; error_description?: string; message?: string };
  fail(oauthError.error ? `${oauthError.error}: ${oauthError.error_description ?? ''}` : String(oauthError.message ?? error));
}
await mtls.close();
process.exit(0);
