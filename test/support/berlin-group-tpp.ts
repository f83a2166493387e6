// SPDX-License-Identifier: Apache-2.0
// The manifest's demo TPP calling the Berlin Group API as a fintech would: DPoP-bound tokens from openid-client,
// and either request signatures with its QSealC (plain listener) or its QWAC as TLS client certificate (TLS
// listener). Every answer is checked against the official NextGenPSD2 v1.3.12 specification before it is returned.
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { signRequest } from '../../gateway/index.js';
import { assertBerlinGroupConformant } from './berlin-group-conformance.js';
import { demoDpopKeys, privateKeyJwtClient, type DemoTpp } from './consent-harness.js';
import { mtlsFetch } from './mtls-fetch.js';
import { dpopProofWithToken } from './oauth-requests.js';

export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

export interface BgDemoTpp extends DemoTpp {
  organizationIdentifier: string;
  qwac: CertificatePair;
  qseal: CertificatePair;
}

export interface BgAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface BgCallOptions {
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `tls`: the QWAC on the TLS listener; `plain` (default): signed with the QSealC on the plain listener. */
  via?: 'plain' | 'tls';
  /** Replaces the certificate of the signature or of the TLS connection. */
  certificate?: CertificatePair;
  /** Sends the request unsigned (plain listener). */
  unsigned?: boolean;
  /** Skips the conformance check (for answers the test inspects raw). */
  raw?: boolean;
}

export interface BerlinGroupTpp {
  demo: BgDemoTpp;
  oauth: client.Configuration;
  dpop: client.DPoPHandle;
  /** A client_credentials token bound to the demo DPoP key, with `scope`. */
  clientToken(scope: string): Promise<string>;
  call<T = Record<string, unknown>>(method: string, path: string, options: BgCallOptions): Promise<BgAnswer<T>>;
}

export interface BgListeners {
  public: string;
  publicTls: string;
  /** The sandbox CA (it signed the TLS listener's certificate). */
  caPem: string;
}

export async function berlinGroupTpp(demo: BgDemoTpp, listeners: BgListeners): Promise<BerlinGroupTpp> {
  const oauth = await privateKeyJwtClient(`${listeners.public}/oauth`, demo.clientId, demo.privateJwk);
  const keys = await demoDpopKeys(demo);
  const dpop = client.getDPoPHandle(oauth, keys);
  return {
    demo, oauth, dpop,
    async clientToken(scope) {
      return (await client.clientCredentialsGrant(oauth, { scope }, { DPoP: dpop })).access_token;
    },
    async call<T>(method: string, path: string, options: BgCallOptions): Promise<BgAnswer<T>> {
      const via = options.via ?? 'plain';
      const base = via === 'tls' ? listeners.publicTls : listeners.public;
      const url = `${base}${path}`;
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const headers: Record<string, string> = { 'X-Request-ID': randomUUID(), ...options.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      headers.authorization = `DPoP ${options.token}`;
      headers.dpop = await dpopProofWithToken(keys, method, url.split('?')[0]!, options.token);
      let answer: { status: number; headers: Headers; text: string };
      if (via === 'tls') {
        const response = await mtlsFetch(options.certificate ?? demo.qwac, listeners.caPem)(url, { method, headers, ...(body !== undefined && { body }) });
        answer = { status: response.status, headers: response.headers, text: await response.text() };
      } else {
        const seal = options.certificate ?? demo.qseal;
        const signed = options.unsigned ? {} : signRequest({ headers, body: body ?? '', certificatePem: seal.certPem, privateKeyPem: seal.keyPem });
        const response = await fetch(url, { method, headers: { ...headers, ...signed }, ...(body !== undefined && { body }) });
        answer = { status: response.status, headers: response.headers, text: await response.text() };
      }
      const parsed = answer.text ? JSON.parse(answer.text) as unknown : undefined;
      if (!options.raw) await assertBerlinGroupConformant({ method, path, status: answer.status, headers: answer.headers, body: parsed });
      return { status: answer.status, headers: answer.headers, body: parsed as T };
    },
  };
}
