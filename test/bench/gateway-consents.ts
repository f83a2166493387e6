// SPDX-License-Identifier: Apache-2.0
// The AIS consents the gateway bench reads under, each authorised by John Smith in chromium: the demo TPP's with a
// DPoP-bound token (for a DPoP key of each algorithm), and a second TPP's, registered by dynamic client registration
// with tls_client_auth and a QWAC of its own, with a certificate-bound token (RFC 8705 §3). Access tokens live 300 s,
// so each consent hands out a fresh one (refresh_token grant, same binding) right before it is measured.
import { X509Certificate, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { openSoftwareDirectory, openSqlKeyStore } from '../../consent/index.js';
import { SANDBOX_PKI_FILES, issuePsd2Certificate, type CertificateAndKey } from '../../platform/crypto/index.js';
import { openDatabase } from '../../platform/store/index.js';
import type { BerlinGroupStage, SandboxPsu } from '../support/berlin-group-stage.js';
import { mtlsFetch } from '../support/mtls-fetch.js';
import { authoriseInChromium } from '../support/psu-chromium.js';

export const PSU_IP_ADDRESS = '192.0.2.10';
const MTLS_REDIRECT_URI = 'https://bench-mtls-tpp.example/callback';
/** ETSI TS 119 495 §5.2.1; also the org_id of the second TPP's software statement. */
const MTLS_ORGANISATION = 'PSDTZ-BOT-LANGOBENCH';

export interface AuthorisedConsent {
  consentId: string;
  /** The account whose balances the consent covers. */
  accountId: string;
  /** A new access token under the consent, bound as the first one was. */
  freshToken(): Promise<string>;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The consent body: John's household account, its balances, PSU present on every read. */
function consentRequest(psu: SandboxPsu) {
  const account = psu.accounts[0]!;
  return {
    access: { accounts: [{ bban: account.number }], balances: [{ bban: account.number }] },
    recurringIndicator: true, validUntil: inDays(30), frequencyPerDay: 4, combinedServiceIndicator: false,
  };
}

/** PAR + PKCE for `AIS:<consentId>` at Buffalo, John approves in chromium, the code is exchanged. */
async function authorise(stage: BerlinGroupStage, oauth: client.Configuration, redirectUri: string, consentId: string, psu: SandboxPsu, dpop?: client.DPoPHandle) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const options = dpop ? { DPoP: dpop } : undefined;
  const url = await client.buildAuthorizationUrlWithPAR(oauth, {
    redirect_uri: redirectUri, scope: `AIS:${consentId}`, bank: psu.tenantId, state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }, options);
  const callback = await authoriseInChromium(stage.browser, url, redirectUri, { username: psu.username, password: psu.password, otp: stage.otp });
  const tokens = await client.authorizationCodeGrant(oauth, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, options);
  if (!tokens.refresh_token) throw new Error('the authorisation server issued no refresh token: the bench cannot outlive the 300 s access token');
  return tokens.refresh_token;
}

/** A consent of the demo TPP authorised with a DPoP key pair (its alg follows the key); the token is DPoP-bound to it. */
export async function dpopConsent(stage: BerlinGroupStage, psu: SandboxPsu, keys: client.CryptoKeyPair): Promise<AuthorisedConsent> {
  const { tpp } = stage;
  const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', {
    token: await tpp.clientToken('accounts'), headers: { 'Platform-TenantId': psu.tenantId, 'PSU-IP-Address': PSU_IP_ADDRESS }, body: consentRequest(psu),
  });
  if (created.status !== 201) throw new Error(`consent creation answered ${created.status}: ${JSON.stringify(created.body)}`);
  // openid-client names Ed25519 proofs `Ed25519` (RFC 9864); servers of RFC 9449's time know them as `EdDSA`.
  const dpop = client.getDPoPHandle(tpp.oauth, keys, {
    [client.modifyAssertion]: (header) => {
      if (header.alg === 'Ed25519') header.alg = 'EdDSA';
    },
  });
  const refreshToken = await authorise(stage, tpp.oauth, tpp.demo.redirectUri, created.body.consentId, psu, dpop);
  return {
    consentId: created.body.consentId, accountId: psu.accounts[0]!.id,
    freshToken: async () => (await client.refreshTokenGrant(tpp.oauth, refreshToken, undefined, { DPoP: dpop })).access_token,
  };
}

export interface MtlsConsent extends AuthorisedConsent {
  /** The second TPP's QWAC: its TLS client certificate, and what its tokens are bound to. */
  qwac: CertificateAndKey;
}

/** A software statement from the sandbox directory, signed with its key in the sandbox's database. */
async function softwareStatement(dataDir: string, jwk: Record<string, unknown>): Promise<string> {
  const database = await openDatabase({ dataDir });
  try {
    const directory = await openSoftwareDirectory(await openSqlKeyStore(database));
    return await directory.issueSoftwareStatement({
      softwareId: 'lango-bench-mtls', orgId: MTLS_ORGANISATION, orgName: 'Lango Bench mTLS TPP', roles: ['AIS'], redirectUris: [MTLS_REDIRECT_URI], jwks: { keys: [jwk] },
    });
  } finally {
    await database.close();
  }
}

/** Registers a tls_client_auth TPP with a QWAC from the sandbox CA; John authorises its consent over mTLS. */
export async function mtlsConsent(stage: BerlinGroupStage, psu: SandboxPsu): Promise<MtlsConsent> {
  const { dataDir } = stage.sandbox;
  const urls = stage.sandbox.lango.urls as Record<string, string>;
  const tlsDir = join(dataDir, 'tls');
  const ca = { certPem: stage.caPem, keyPem: await readFile(join(tlsDir, SANDBOX_PKI_FILES.caKey), 'utf8') };
  const qwac = await issuePsd2Certificate({
    issuer: ca, commonName: 'bench-mtls-tpp.example', organization: 'Lango Bench mTLS TPP', organizationIdentifier: MTLS_ORGANISATION,
    roles: ['PSP_AI'], ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', kind: 'qwac', validityDays: 1,
  });
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const issuer = `${urls.public}/oauth`;
  const registration = await fetch(`${issuer}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      software_statement: await softwareStatement(dataDir, { ...jwk, kid: await calculateJwkThumbprint(jwk) }),
      token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: new X509Certificate(qwac.certPem).subject,
    }),
  });
  const registered = (await registration.json()) as { client_id: string };
  if (registration.status !== 201) throw new Error(`registration answered ${registration.status}: ${JSON.stringify(registered)}`);
  const tlsFetch = mtlsFetch(qwac, stage.caPem);
  const oauth = await client.discovery(new URL(issuer), registered.client_id, { use_mtls_endpoint_aliases: true }, client.TlsClientAuth(), {
    execute: [client.allowInsecureRequests], [client.customFetch]: tlsFetch as never,
  });

  const { access_token: clientToken } = await client.clientCredentialsGrant(oauth, { scope: 'accounts' });
  const created = await tlsFetch(`${urls.publicTls}/v1/consents`, {
    method: 'POST', body: JSON.stringify(consentRequest(psu)),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${clientToken}`, 'x-request-id': randomUUID(), 'platform-tenantid': psu.tenantId, 'psu-ip-address': PSU_IP_ADDRESS },
  });
  const consent = (await created.json()) as { consentId: string };
  if (created.status !== 201) throw new Error(`consent creation over mTLS answered ${created.status}: ${JSON.stringify(consent)}`);
  const refreshToken = await authorise(stage, oauth, MTLS_REDIRECT_URI, consent.consentId, psu);
  return {
    consentId: consent.consentId, accountId: psu.accounts[0]!.id, qwac,
    async freshToken() {
      const tokens = await client.refreshTokenGrant(oauth, refreshToken);
      if (tokens.token_type.toLowerCase() !== 'bearer') throw new Error(`expected a certificate-bound Bearer token, got ${tokens.token_type}`);
      return tokens.access_token;
    },
  };
}
