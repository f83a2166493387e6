// SPDX-License-Identifier: Apache-2.0
// RFC 9449 §4.3 checks of a DPoP proof at a resource, with node:crypto directly: a proof is verified on every
// resource request, and jose's WebCrypto path costs about twice what `crypto.verify` with a cached KeyObject does.
// Only the signature and the header are checked here; the caller checks htm, htu, iat, ath and jti.
import { createHash, createPublicKey, verify, constants, type KeyObject } from 'node:crypto';

/** Algorithms accepted for DPoP proofs: FAPI 2.0's PS256 and ES256, and EdDSA (Ed25519). */
export const DPOP_PROOF_ALGS = ['ES256', 'PS256', 'EdDSA'] as const;

export interface DpopProof {
  payload: Record<string, unknown>;
  /** RFC 7638 thumbprint (SHA-256, base64url) of the proof's key: what a bound token's `cnf.jkt` names. */
  thumbprint: string;
}

/** Why a proof is refused; the caller answers invalid_dpop_proof. */
export class DpopProofInvalid extends Error {}

interface CachedKey {
  key: KeyObject;
  thumbprint: string;
}

const MAX_KEYS = 10_000;
const keys = new Map<string, CachedKey>();

/** RFC 7638 §3.2: the required members in lexicographic order. */
function thumbprintOf(jwk: Record<string, unknown>): string {
  const members = jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : ['crv', 'kty', 'x'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function keyOf(jwk: unknown, alg: string): CachedKey {
  if (!jwk || typeof jwk !== 'object') throw new DpopProofInvalid('the proof has no jwk');
  const cacheKey = `${alg}:${JSON.stringify(jwk)}`;
  const hit = keys.get(cacheKey);
  if (hit) return hit;
  const value = jwk as Record<string, unknown>;
  // RFC 9449 §4.3 check 7: the jwk is a public key (no private members).
  if ('d' in value || 'p' in value || 'q' in value) throw new DpopProofInvalid('the proof\'s jwk holds a private key');
  const fits = (alg === 'ES256' && value.kty === 'EC' && value.crv === 'P-256') || (alg === 'PS256' && value.kty === 'RSA') || (alg === 'EdDSA' && value.kty === 'OKP' && value.crv === 'Ed25519');
  if (!fits) throw new DpopProofInvalid(`the proof's key does not fit ${alg}`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: value as never, format: 'jwk' });
  } catch {
    throw new DpopProofInvalid('the proof\'s jwk is not a valid key');
  }
  if (alg === 'PS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new DpopProofInvalid('RSA keys of DPoP proofs have at least 2048 bits');
  const cached = { key, thumbprint: thumbprintOf(value) };
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(cacheKey, cached);
  return cached;
}

function part(segment: string | undefined, what: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new DpopProofInvalid(`the proof's ${what} is not a JSON object`);
}

/** Checked headers by their encoded form: a client's proofs repeat the same header (typ, alg, jwk) every time. */
const headers = new Map<string, CachedKey & { alg: string }>();

function headerOf(head: string): CachedKey & { alg: string } {
  const hit = headers.get(head);
  if (hit) return hit;
  const header = part(head, 'header');
  if (header.typ !== 'dpop+jwt') throw new DpopProofInvalid('the proof\'s typ is not dpop+jwt');
  const alg = String(header.alg);
  if (!(DPOP_PROOF_ALGS as readonly string[]).includes(alg)) throw new DpopProofInvalid(`the proof's alg ${alg} is not accepted`);
  const checked = { alg, ...keyOf(header.jwk, alg) };
  if (headers.size >= MAX_KEYS) headers.clear();
  headers.set(head, checked);
  return checked;
}

/** The proof's payload and key thumbprint once its header (typ, alg, jwk) and signature check out; DpopProofInvalid otherwise. */
export function verifyDpopProof(proof: string): DpopProof {
  const [head, body, signature, ...rest] = proof.split('.');
  if (!head || !body || !signature || rest.length) throw new DpopProofInvalid('the proof is not a compact JWS');
  const { alg, key, thumbprint } = headerOf(head);
  const data = Buffer.from(`${head}.${body}`);
  const bytes = Buffer.from(signature, 'base64url');
  const valid = alg === 'ES256' ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, bytes)
    : alg === 'PS256' ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, bytes)
      : verify(null, data, key, bytes);
  if (!valid) throw new DpopProofInvalid('the proof\'s signature does not verify');
  return { payload: part(body, 'payload'), thumbprint };
}
