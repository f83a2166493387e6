// SPDX-License-Identifier: Apache-2.0
// The fastest correct check of a DPoP proof at a resource server (RFC 9449 §4.3, §7.1) that this bench knows: one
// node:crypto `verify` with a KeyObject cached per JWK, and the claim checks done by hand. It is the floor the
// gateway's read path is measured against, so it skips nothing the RFC asks: typ, alg, a public jwk of the alg's
// key type, the signature, htm, htu (without query and fragment), iat within the window, ath, jti unique.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_SCHEMES, athOf, type DpopAlg } from './dpop-proofs.js';

/** RFC 9449 §11.1: the window around now in which a proof's `iat` is accepted, in seconds (the gateway's too). */
export const DPOP_WINDOW_S = 300;
/** Keys remembered before the cache is emptied (a bound on memory, not a tuning knob). */
const MAX_CACHED_KEYS = 10_000;

export class DpopRefused extends Error {}

export interface ProofRequest {
  method: string;
  /** The URLs the request may have been addressed as, without query or fragment. */
  urls: readonly string[];
  accessToken: string;
}

interface CachedKey {
  key: KeyObject;
  /** RFC 7638 thumbprint: what a DPoP-bound token's `cnf.jkt` names. */
  jkt: string;
}

/** RFC 7638 §3.2: the required members of each key type, in lexicographic order. */
const REQUIRED_MEMBERS: Record<DpopAlg, { kty: string; crv?: string; members: readonly string[] }> = {
  ES256: { kty: 'EC', crv: 'P-256', members: ['crv', 'kty', 'x', 'y'] },
  PS256: { kty: 'RSA', members: ['e', 'kty', 'n'] },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', members: ['crv', 'kty', 'x'] },
};

const refuse = (reason: string): never => {
  throw new DpopRefused(reason);
};

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    refuse(`${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** RFC 9449 §4.3 check 9: `htu` without query and fragment, normalised as the URL parser does. */
function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return '';
  }
}

export class DpopVerifier {
  private readonly keys = new Map<string, CachedKey>();
  /** `<jkt>.<jti>` → second from which it may be forgotten; insertion order is expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly algs: readonly DpopAlg[]) {}

  /** Checks `proof` for `request`; returns the thumbprint of its key for the token binding check; throws DpopRefused. */
  verify(proof: string, request: ProofRequest): string {
    const [encodedHeader = '', encodedClaims = '', signature = '', extra] = proof.split('.');
    if (!encodedHeader || !encodedClaims || !signature || extra !== undefined) refuse('not a compact JWS');
    const header = decodeJson(encodedHeader, 'the header');
    if (header.typ !== 'dpop+jwt') refuse('typ is not dpop+jwt');
    const alg = header.alg as DpopAlg;
    if (!this.algs.includes(alg)) refuse(`alg ${String(header.alg)} is not accepted`);
    const cached = this.keyOf(alg, header.jwk);
    const scheme = SIGNATURE_SCHEMES[alg];
    const input = Buffer.from(proof.slice(0, encodedHeader.length + 1 + encodedClaims.length), 'ascii');
    if (!verify(scheme.digest, input, { key: cached.key, ...scheme.options }, Buffer.from(signature, 'base64url'))) refuse('bad signature');
    const claims = decodeJson(encodedClaims, 'the claims');
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.jti !== 'string' || !claims.jti) refuse('no jti');
    if (claims.htm !== request.method) refuse('htm mismatch');
    if (typeof claims.htu !== 'string' || !request.urls.includes(withoutQuery(claims.htu))) refuse('htu mismatch');
    if (typeof claims.iat !== 'number' || Math.abs(now - claims.iat) > DPOP_WINDOW_S) refuse('iat outside the window');
    if (claims.ath !== athOf(request.accessToken)) refuse('ath mismatch');
    this.once(`${cached.jkt}.${claims.jti as string}`, now);
    return cached.jkt;
  }

  /** The public key of a `jwk` header, imported once per JWK; a private key or another key type is refused. */
  private keyOf(alg: DpopAlg, jwk: unknown): CachedKey {
    if (typeof jwk !== 'object' || jwk === null) return refuse('no jwk header');
    const fields = jwk as Record<string, unknown>;
    const expected = REQUIRED_MEMBERS[alg];
    if (fields.kty !== expected.kty || (expected.crv !== undefined && fields.crv !== expected.crv)) refuse(`the jwk is not a key for ${alg}`);
    if (fields.d !== undefined) refuse('the jwk is a private key');
    const members: Record<string, string> = {};
    for (const name of expected.members) {
      const value = fields[name];
      if (typeof value !== 'string' || !value) refuse(`the jwk lacks ${name}`);
      members[name] = value as string;
    }
    const canonical = JSON.stringify(members);
    let cached = this.keys.get(canonical);
    if (!cached) {
      let key: KeyObject;
      try {
        key = createPublicKey({ key: members, format: 'jwk' });
      } catch {
        return refuse('the jwk is not a valid key');
      }
      // FAPI 2.0 §5.4.1: RSA keys of at least 2048 bits.
      if (alg === 'PS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) refuse('the RSA key is shorter than 2048 bits');
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      cached = { key, jkt: createHash('sha256').update(canonical).digest('base64url') };
      this.keys.set(canonical, cached);
    }
    return cached;
  }

  /** RFC 9449 §11.1: a jti is accepted once per key within the window; older entries are dropped from the front. */
  private once(id: string, now: number): void {
    for (const [old, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(old);
    }
    if (this.seen.has(id)) refuse('jti replayed');
    this.seen.set(id, now + 2 * DPOP_WINDOW_S);
  }
}
