// SPDX-License-Identifier: Apache-2.0
// A real Lango with the consent and sandbox roles on loopback (free ports), for the authorisation server's
// flow tests; plus what those tests need beside it: the published demo clients as openid-client
// configurations, the sandbox directory (to sign software statements) and the consent store.
import * as client from 'openid-client';
import { importJWK, type JWK } from 'jose';
import { startLango, type RunningLango } from '../../app/start.js';
import { openSoftwareDirectory, openSqlConsentStore, openSqlKeyStore, type ConsentStore, type SoftwareDirectory } from '../../consent/index.js';
import { loadConfig } from '../../platform/config/index.js';
import { createLogger } from '../../platform/log/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { tempDir } from './temp-dir.js';

export interface DemoTpp {
  issuer: string;
  clientId: string;
  clientName: string;
  roles: string[];
  redirectUri: string;
  privateJwk: JWK;
  dpopPrivateJwk: JWK;
}

export interface Manifest {
  demoTpp: DemoTpp;
  demoChannelApp: { clientId: string; privateJwk: JWK };
  sca: { otp: string };
  operationsClient: { issuer: string; clientId: string; redirectUri: string; scope: string; privateJwk: JWK };
  operators: { username: string; password: string; roles: Record<string, string>; otp: string }[];
  psus: { tenantId: string; username: string; password: string; accounts: { id: string }[] }[];
}

export interface ConsentHarness {
  lango: RunningLango;
  urls: Record<string, string>;
  issuer: string;
  manifest: Manifest;
  dataDir: string;
  /** A second connection to Lango's database, for what tests inspect or prepare. */
  database: SqlDatabase;
  directory: SoftwareDirectory;
  consents: ConsentStore;
  stop(): Promise<void>;
}

export async function startConsentHarness(): Promise<ConsentHarness> {
  const dataDir = tempDir('consent');
  const env: Record<string, string> = {
    LANGO_DATA_DIR: dataDir, LANGO_ROLES: 'consent,sandbox', LANGO_HOST: '127.0.0.1', LANGO_LOG_LEVEL: 'silent',
    LANGO_PUBLIC_PORT: '0', LANGO_PUBLIC_TLS_PORT: '0', LANGO_METRICS_PORT: '0', LANGO_SIMULATORS_PORT: '0', LANGO_SHUTDOWN_TIMEOUT_MS: '1000',
  };
  const lango = await startLango(loadConfig(env), createLogger({ level: process.env.LANGO_TEST_LOG_LEVEL ?? 'silent' }));
  const urls = lango.urls as Record<string, string>;
  const manifest = (await (await fetch(`${urls.public}/sandbox/manifest.json`)).json()) as Manifest;
  const database = await openDatabase({ dataDir });
  return {
    lango, urls, manifest, dataDir, database,
    issuer: `${urls.public}/oauth`,
    directory: await openSoftwareDirectory(await openSqlKeyStore(database)),
    consents: await openSqlConsentStore(database),
    async stop() {
      await database.close();
      await lango.stop();
    },
  };
}

/** An openid-client configuration of a client authenticating with private_key_jwt (ES256), on plain HTTP. */
export async function privateKeyJwtClient(issuer: string, clientId: string, privateJwk: JWK, metadata: Partial<client.ClientMetadata> = {}): Promise<client.Configuration> {
  const key = (await importJWK(privateJwk, 'ES256')) as client.CryptoKey;
  return client.discovery(new URL(issuer), clientId, metadata, client.PrivateKeyJwt({ key, kid: privateJwk.kid! }), { execute: [client.allowInsecureRequests] });
}

/** The demo TPP's DPoP key pair from the manifest. */
export async function demoDpopKeys(tpp: DemoTpp): Promise<client.CryptoKeyPair> {
  const { d: _d, ...publicJwk } = tpp.dpopPrivateJwk;
  return {
    privateKey: (await importJWK(tpp.dpopPrivateJwk, 'ES256')) as client.CryptoKey,
    publicKey: (await importJWK(publicJwk, 'ES256', { extractable: true })) as client.CryptoKey,
  };
}
