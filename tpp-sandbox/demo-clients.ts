// SPDX-License-Identifier: Apache-2.0
// The sandbox's ready-made OAuth clients, published with their private keys in the manifest so a newcomer
// (and every e2e test) can get tokens at once: a TPP with the AIS and PIS roles (private_key_jwt + DPoP), and a
// DFSP's first-party channel app (client_credentials). Keys are made once and kept; metadata is rewritten
// at every start so it follows the code.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { OPERATIONS_SCOPE, ROLE_GRANTS, type ClientRegistry, type TppRole } from '../consent/index.js';
import { LISTENERS } from '../platform/config/index.js';
import { DEMO_TPP_ORGANISATION, type DemoTppCertificates } from './demo-certificates.js';

export interface DemoClient {
  clientId: string;
  clientName: string;
  roles: TppRole[];
  firstParty: boolean;
  /** The first-party operations client: back-office operators sign in through it (authorization_code, no consent page). */
  operations?: boolean;
  redirectUri: string | undefined;
  /** More redirect URIs the client may use (the demo aggregator's callback on the public listener). */
  moreRedirectUris?: string[];
  /** Signs private_key_jwt client assertions. */
  privateJwk: JWK;
  /** Signs DPoP proofs (a key of its own: RFC 9449 §11.4 advises against reusing keys). */
  dpopPrivateJwk: JWK | undefined;
  /** The demo TPP's eIDAS test certificates (QWAC, QSealC), when the sandbox CA issued them. */
  certificates?: DemoTppCertificates;
}

/** Keeps the demo clients' keys across restarts (port; SQL adapter in adapters/sql). */
export interface DemoClientStore {
  load(clientId: string): Promise<DemoClient | undefined>;
  save(client: DemoClient): Promise<void>;
}

export const DEMO_TPP_ID = 'lango-demo-tpp';
export const DEMO_CHANNEL_APP_ID = 'lango-demo-channel-app';
/**
 * The operations UI's client: confidential (private_key_jwt, the UI runs on the server of the operations
 * listener), PAR and PKCE like every client, scope `openid operations`.
 */
export const OPERATIONS_CLIENT_ID = 'lango-operations';

export interface DemoClientOptions {
  /** Base URL of the operations listener; the operations client's redirect URI is `<it>/auth/callback`. */
  operationsUrl?: string;
  /** Base URL of the public listener; the demo TPP may also redirect to the demo aggregator there. */
  publicUrl?: string;
}

/** Where the demo aggregator (tpp-sandbox/demo-apps) gets its authorisation responses, under the public URL. */
export const AGGREGATOR_CALLBACK_PATH = '/demo/aggregator/callback';

/** The operations listener's default URL, when the caller does not name the configured one. */
const DEFAULT_OPERATIONS_URL = `http://localhost:${LISTENERS.operations.port}`;
/** Where the demo TPP gets its authorisation responses; a reserved name (RFC 2606), read from Location headers. */
export const DEMO_TPP_REDIRECT_URI = 'https://demo-tpp.lango.test/callback';

async function newKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

const publicJwk = ({ d: _d, ...rest }: JWK): JWK => rest;

async function ensure(store: DemoClientStore, template: Omit<DemoClient, 'privateJwk' | 'dpopPrivateJwk'>, withDpop: boolean): Promise<DemoClient> {
  const existing = await store.load(template.clientId);
  // Keys are kept; what the code says about the client (name, roles, redirect URI) follows the code.
  if (existing) return { ...existing, ...template };
  const client: DemoClient = { ...template, privateJwk: await newKey(), dpopPrivateJwk: withDpop ? await newKey() : undefined };
  await store.save(client);
  return (await store.load(template.clientId)) ?? client;
}

function metadataOf(client: DemoClient): Record<string, unknown> & { client_id: string } {
  const common = {
    client_id: client.clientId,
    client_name: client.clientName,
    jwks: { keys: [publicJwk(client.privateJwk)] },
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
  };
  if (client.operations) {
    return {
      ...common, lango_first_party: true, lango_operations_client: true,
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: client.redirectUri ? [client.redirectUri] : [],
      scope: `openid ${OPERATIONS_SCOPE}`,
      id_token_signed_response_alg: 'ES256',
    };
  }
  if (client.firstParty) return { ...common, lango_first_party: true, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  return {
    ...common,
    software_id: client.clientId,
    org_id: DEMO_TPP_ORGANISATION,
    org_name: client.clientName,
    software_roles: client.roles,
    redirect_uris: [...(client.redirectUri ? [client.redirectUri] : []), ...(client.moreRedirectUris ?? [])],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    dpop_bound_access_tokens: true,
    id_token_signed_response_alg: 'ES256',
    authorization_details_types: [...new Set(client.roles.flatMap((role) => ROLE_GRANTS[role].types))],
  };
}

/** Makes sure the demo clients and the operations client exist (keys kept, metadata refreshed in the client registry). */
export async function ensureDemoClients(store: DemoClientStore, registry: ClientRegistry, options: DemoClientOptions = {}): Promise<DemoClient[]> {
  const operationsRedirect = `${(options.operationsUrl ?? DEFAULT_OPERATIONS_URL).replace(/\/+$/, '')}/auth/callback`;
  const operations = await ensure(store, { clientId: OPERATIONS_CLIENT_ID, clientName: 'Lango Operations', roles: [], firstParty: true, operations: true, redirectUri: operationsRedirect }, false);
  const clients = [
    {
      ...await ensure(store, { clientId: DEMO_TPP_ID, clientName: 'Lango Demo TPP', roles: ['AIS', 'PIS'], firstParty: false, redirectUri: DEMO_TPP_REDIRECT_URI }, true),
      ...(options.publicUrl && { moreRedirectUris: [`${options.publicUrl.replace(/\/+$/, '')}${AGGREGATOR_CALLBACK_PATH}`] }),
    },
    await ensure(store, { clientId: DEMO_CHANNEL_APP_ID, clientName: 'Lango Demo Channel App', roles: [], firstParty: true, redirectUri: undefined }, false),
    // The redirect URI follows the operations listener's URL of this start; the key is kept.
    { ...operations, operations: true, redirectUri: operationsRedirect },
  ];
  for (const client of clients) await registry.upsert(metadataOf(client));
  return clients;
}
