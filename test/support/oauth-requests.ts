// SPDX-License-Identifier: Apache-2.0
// Hand-made OAuth requests for the negative cases openid-client (rightly) refuses to send.
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, importJWK, type JWK } from 'jose';
import type { CryptoKeyPair } from 'openid-client';

/** An RFC 7523 client assertion for private_key_jwt; `aud` defaults to the issuer (FAPI 2.0). */
export async function clientAssertion(clientId: string, privateJwk: JWK, aud: string, options: { jti?: string; expiresIn?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
    .setIssuer(clientId).setSubject(clientId).setAudience(aud)
    .setJti(options.jti ?? randomUUID()).setIssuedAt(now).setNotBefore(now).setExpirationTime(now + (options.expiresIn ?? 60))
    .sign(await importJWK(privateJwk, 'ES256'));
}

/** An RFC 9449 DPoP proof for one request. */
export async function dpopProof(keys: CryptoKeyPair, htm: string, htu: string, options: { jti?: string } = {}): Promise<string> {
  return new SignJWT({ htm, htu })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keys.publicKey) })
    .setJti(options.jti ?? randomUUID()).setIssuedAt()
    .sign(keys.privateKey);
}

/** An RFC 9449 DPoP proof for a request to a protected resource: with `ath`, the hash of the access token (§4.2). */
export async function dpopProofWithToken(keys: CryptoKeyPair, htm: string, htu: string, accessToken: string, options: { jti?: string } = {}): Promise<string> {
  return new SignJWT({ htm, htu, ath: createHash('sha256').update(accessToken).digest('base64url') })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keys.publicKey) })
    .setJti(options.jti ?? randomUUID()).setIssuedAt()
    .sign(keys.privateKey);
}

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** POSTs a form to an OAuth endpoint and reads the JSON answer. */
export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<OAuthAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
