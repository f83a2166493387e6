// SPDX-License-Identifier: Apache-2.0
// TPPs and certificates besides the manifest's demo TPP, for the gateway's negative tests: eIDAS test certificates
// from the sandbox CA (or any other issuer), and a second TPP registered as a real one would be, by dynamic client
// registration with a software statement of the sandbox directory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { openSoftwareDirectory, openSqlKeyStore, type TppRole } from '../../consent/index.js';
import { SANDBOX_PKI_FILES, issuePsd2Certificate, type CertificateAndKey, type Psd2Role } from '../../platform/crypto/index.js';
import type { SqlDatabase } from '../../platform/store/index.js';
import type { BerlinGroupStage } from './berlin-group-stage.js';
import { berlinGroupTpp, type BerlinGroupTpp, type BgDemoTpp } from './berlin-group-tpp.js';

/** The sandbox CA of a running sandbox (`<dataDir>/tls`), with its key: it issues the test certificates. */
export function sandboxCa(dataDir: string): CertificateAndKey {
  const dir = join(dataDir, 'tls');
  return { certPem: readFileSync(join(dir, SANDBOX_PKI_FILES.caCert), 'utf8'), keyPem: readFileSync(join(dir, SANDBOX_PKI_FILES.caKey), 'utf8') };
}

export interface TestCertificateRequest {
  issuer: CertificateAndKey;
  organizationIdentifier: string;
  roles: readonly Psd2Role[];
  kind: 'qwac' | 'qseal';
}

/** A PSD2 certificate as a QTSP would issue it; a QSealC gets an RSA key (as the demo TPP's), a QWAC an EC key. */
export function testCertificate(request: TestCertificateRequest): Promise<CertificateAndKey> {
  return issuePsd2Certificate({
    issuer: request.issuer, kind: request.kind, roles: request.roles, organizationIdentifier: request.organizationIdentifier,
    commonName: `Test TPP ${request.organizationIdentifier}`, organization: `Test TPP ${request.organizationIdentifier} Ltd`,
    ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', validityDays: 30, keyAlgorithm: request.kind === 'qseal' ? 'RS256' : 'ES256',
  });
}

async function es256Key(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

const publicJwk = ({ d: _d, ...rest }: JWK): JWK => rest;

export interface OtherTppRequest {
  /** The organisation of the software statement and of the certificates, e.g. `PSDTZ-BOT-OTHER0001`. */
  organizationIdentifier: string;
  roles: TppRole[];
  certificateRoles: readonly Psd2Role[];
}

/**
 * A second TPP: its software statement signed by the sandbox directory (read from `database`, a second connection
 * to the sandbox's database), registered at `/oauth/register` (private_key_jwt, DPoP-bound tokens), with a QWAC and
 * a QSealC of the sandbox CA for its organisation. It calls the Berlin Group API like the demo TPP.
 */
export async function registerOtherTpp(stage: BerlinGroupStage, database: SqlDatabase, request: OtherTppRequest): Promise<BerlinGroupTpp> {
  const urls = stage.sandbox.lango.urls as Record<string, string>;
  const issuer = `${urls.public}/oauth`;
  const [privateJwk, dpopPrivateJwk] = [await es256Key(), await es256Key()];
  const redirectUri = 'https://other-tpp.lango.test/callback';
  const directory = await openSoftwareDirectory(await openSqlKeyStore(database));
  const statement = await directory.issueSoftwareStatement({
    softwareId: `software-${request.organizationIdentifier}`, orgId: request.organizationIdentifier, orgName: `Other TPP ${request.organizationIdentifier}`,
    roles: request.roles, redirectUris: [redirectUri], jwks: { keys: [publicJwk(privateJwk)] },
  });
  const response = await fetch(`${issuer}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ software_statement: statement, token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', dpop_bound_access_tokens: true }),
  });
  const registered = await response.json() as Record<string, unknown>;
  if (response.status !== 201) throw new Error(`registration of ${request.organizationIdentifier}: ${response.status} ${JSON.stringify(registered)}`);
  const ca = sandboxCa(stage.sandbox.dataDir);
  const certificate = (kind: 'qwac' | 'qseal') => testCertificate({ issuer: ca, organizationIdentifier: request.organizationIdentifier, roles: request.certificateRoles, kind });
  const tpp: BgDemoTpp = {
    issuer, clientId: String(registered.client_id), clientName: String(registered.client_name), roles: request.roles, redirectUri,
    privateJwk, dpopPrivateJwk, organizationIdentifier: request.organizationIdentifier, qwac: await certificate('qwac'), qseal: await certificate('qseal'),
  };
  return berlinGroupTpp(tpp, { public: urls.public!, publicTls: urls.publicTls!, caPem: stage.caPem });
}
