// SPDX-License-Identifier: Apache-2.0
// RFC 9449 DPoP proofs signed with node:crypto, fast enough to sign thousands before a benchmark's clock starts,
// for the algorithms a FAPI 2.0 client may use: ES256, PS256 (FAPI 2.0 §5.4.1) and EdDSA (Ed25519, RFC 8037).
import { KeyObject, constants, createHash, randomUUID, sign, type webcrypto } from 'node:crypto';

export const DPOP_ALGS = ['ES256', 'PS256', 'EdDSA'] as const;
export type DpopAlg = (typeof DPOP_ALGS)[number];

/**
 * How node:crypto signs and verifies each JWS algorithm: ES256 as raw R||S (RFC 7518 §3.4), PS256 with the salt
 * as long as the SHA-256 digest (RFC 7518 §3.5), Ed25519 with no separate digest (RFC 8037 §3.1).
 */
export const SIGNATURE_SCHEMES = {
  ES256: { digest: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
  PS256: { digest: 'sha256', options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
  EdDSA: { digest: null, options: {} },
} as const satisfies Record<DpopAlg, { digest: string | null; options: object }>;

export interface DpopKey {
  alg: DpopAlg;
  privateKey: KeyObject;
  /** The public key as the proof's `jwk` header carries it (RFC 9449 §4.2). */
  publicJwk: webcrypto.JsonWebKey;
  /** base64url of the protected header, the same for every proof of this key. */
  encodedHeader: string;
}

/** A DPoP key from a WebCrypto key pair (from openid-client, jose or the manifest's demo key). */
export function dpopKey(alg: DpopAlg, pair: webcrypto.CryptoKeyPair): DpopKey {
  const publicJwk = KeyObject.from(pair.publicKey).export({ format: 'jwk' });
  const header = { typ: 'dpop+jwt', alg, jwk: publicJwk };
  return { alg, privateKey: KeyObject.from(pair.privateKey), publicJwk, encodedHeader: Buffer.from(JSON.stringify(header)).toString('base64url') };
}

/** RFC 9449 §4.2: `ath` is the base64url SHA-256 of the access token. */
export const athOf = (accessToken: string) => createHash('sha256').update(accessToken).digest('base64url');

export interface ProofTarget {
  htm: string;
  /** The request URL without query and fragment. */
  htu: string;
  /** Adds `ath` for a call to a protected resource. */
  accessToken?: string;
}

/** `count` proofs for the same request, each with its own `jti`, issued now. */
export function signProofs(key: DpopKey, target: ProofTarget, count: number): string[] {
  const scheme = SIGNATURE_SCHEMES[key.alg];
  const ath = target.accessToken === undefined ? undefined : athOf(target.accessToken);
  const iat = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, () => {
    const claims = { jti: randomUUID(), htm: target.htm, htu: target.htu, iat, ...(ath !== undefined && { ath }) };
    const input = `${key.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign(scheme.digest, Buffer.from(input), { key: key.privateKey, ...scheme.options }).toString('base64url')}`;
  });
}
