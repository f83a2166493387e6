// SPDX-License-Identifier: Apache-2.0
// A Berlin Group request put together by hand, for the negative tests that the well-behaved client of
// berlin-group-tpp.ts cannot send: body bytes that are not JSON, no X-Request-ID, a signature over other bytes than
// those sent, the TLS listener without a client certificate. The DPoP proof is still a correct one.
import { request as httpsRequest } from 'node:https';
import type { CryptoKeyPair } from 'openid-client';
import { signRequest } from '../../gateway/index.js';
import type { BgAnswer, CertificatePair } from './berlin-group-tpp.js';
import { dpopProofWithToken } from './oauth-requests.js';

export interface RawBerlinGroupCall {
  method: string;
  /** Full URL, the listener's base and the path with its query. */
  url: string;
  /** A DPoP-bound access token, and the key pair it is bound to. */
  token: string;
  dpopKeys: CryptoKeyPair;
  /** Exactly the headers to send (besides authorization, DPoP and the signature's): no X-Request-ID is added. */
  headers: Record<string, string>;
  /** The body bytes as sent; `content-type: application/json` is added when there is one. */
  body?: string;
  /** Plain listener: seals the request with this QSealC, over `signedBody` when given (default: the body sent). */
  seal?: { certificate: CertificatePair; signedBody?: string };
  /** TLS listener: the CA of its server certificate, and the client certificate to present (none when absent). */
  tls?: { caPem: string; certificate?: CertificatePair };
}

function overTls(call: RawBerlinGroupCall, headers: Record<string, string>, tls: NonNullable<RawBerlinGroupCall['tls']>): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const client = tls.certificate ? { cert: tls.certificate.certPem, key: tls.certificate.keyPem } : {};
    // agent: false, so no TLS session of an earlier connection (with another certificate) is resumed.
    const outgoing = httpsRequest(call.url, { method: call.method, headers, ca: tls.caPem, agent: false, ...client }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) for (const item of [value ?? []].flat()) answerHeaders.append(name, item);
        resolve({ status: incoming.statusCode ?? 500, headers: answerHeaders, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

/** Sends the request as described; the answer is returned as it came, without any conformance check. */
export async function rawBerlinGroupCall<T = Record<string, unknown>>(call: RawBerlinGroupCall): Promise<BgAnswer<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  headers.authorization = `DPoP ${call.token}`;
  headers.dpop = await dpopProofWithToken(call.dpopKeys, call.method, call.url.split('?')[0]!, call.token);
  let answer: { status: number; headers: Headers; text: string };
  if (call.tls) {
    answer = await overTls(call, headers, call.tls);
  } else {
    const signed = call.seal
      ? signRequest({ headers, body: call.seal.signedBody ?? call.body ?? '', certificatePem: call.seal.certificate.certPem, privateKeyPem: call.seal.certificate.keyPem })
      : {};
    const response = await fetch(call.url, { method: call.method, headers: { ...headers, ...signed }, ...(call.body !== undefined && { body: call.body }) });
    answer = { status: response.status, headers: response.headers, text: await response.text() };
  }
  return { status: answer.status, headers: answer.headers, body: (answer.text ? JSON.parse(answer.text) : undefined) as T };
}
