// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { DpopProofInvalid, verifyDpopProof } from './dpop-proof.js';

async function proof(alg: 'ES256' | 'PS256' | 'EdDSA', options: { typ?: string; jwk?: Record<string, unknown>; tamper?: boolean } = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' && { crv: 'Ed25519' }) });
  const jwk = await exportJWK(publicKey);
  const token = await new SignJWT({ htm: 'GET', htu: 'https://bank.example/v1/accounts', jti: 'j1' })
    .setProtectedHeader({ alg, typ: options.typ ?? 'dpop+jwt', jwk: (options.jwk ?? jwk) as never })
    .setIssuedAt().sign(privateKey);
  const [head, body, signature] = token.split('.');
  const tampered = options.tamper ? `${head}.${Buffer.from(JSON.stringify({ htm: 'POST' })).toString('base64url')}.${signature}` : token;
  return { token: tampered, thumbprint: await calculateJwkThumbprint(jwk), privateJwk: await exportJWK(privateKey), body };
}

describe('DPoP proof verification (RFC 9449 §4.3)', () => {
  for (const alg of ['ES256', 'PS256', 'EdDSA'] as const) {
    it(`accepts an ${alg} proof and gives its payload and the key's RFC 7638 thumbprint`, async () => {
      const made = await proof(alg);
      const verified = verifyDpopProof(made.token);
      assert.equal(verified.payload.htm, 'GET');
      assert.equal(verified.thumbprint, made.thumbprint);
    });
  }

  it('refuses another typ, a changed payload, a private jwk, and what is not a compact JWS', async () => {
    const refused = (token: string, reason: RegExp) => assert.throws(() => verifyDpopProof(token), (error: Error) => error instanceof DpopProofInvalid && reason.test(error.message));
    refused((await proof('ES256', { typ: 'JWT' })).token, /typ/);
    refused((await proof('ES256', { tamper: true })).token, /signature/);
    const withPrivate = await proof('ES256');
    refused((await proof('ES256', { jwk: withPrivate.privateJwk as Record<string, unknown> })).token, /private/);
    refused('a.b', /compact/);
    refused(`${Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'HS256' })).toString('base64url')}.e30.c2ln`, /alg HS256/);
  });
});
