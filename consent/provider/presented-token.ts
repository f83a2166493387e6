// SPDX-License-Identifier: Apache-2.0
// An access token presented to an endpoint of the authorisation server itself (the Grant Management API), checked
// as a resource server checks it: active, and used with the key it is bound to. RFC 9449 §7 (DPoP: the proof of
// this request, `ath`, the key's thumbprint), RFC 8705 §3 (mTLS: the certificate of this connection), FAPI 2.0
// §5.3.2.1 (third parties get sender-constrained tokens only, so an unbound token is refused).
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { peerCertificateOf } from '../../platform/crypto/index.js';
import { isFirstParty } from './client-roles.js';
import { cachedToken, rememberToken } from './token-cache.js';
import { DPOP_PROOF_ALGS, DpopProofInvalid, verifyDpopProof } from './dpop-proof.js';
import type { OidcProvider, OidcToken } from './oidc-provider.js';

/** RFC 9449 §11.1: a proof is accepted while its `iat` is this many seconds from now (oidc-provider's window). */
const DPOP_WINDOW_S = 300;

/** An OAuth error for a resource request (RFC 6750 §3.1, RFC 9449 §7.1), with the challenge to send. */
export class TokenRefused extends Error {
  constructor(readonly status: 400 | 401 | 403, readonly error: string, description: string, readonly scheme: 'DPoP' | 'Bearer') {
    super(description);
  }

  get challenge(): string {
    return `${this.scheme} error="${this.error}", error_description="${this.message}"${this.scheme === 'DPoP' ? `, algs="${DPOP_PROOF_ALGS.join(' ')}"` : ''}`;
  }
}

export interface PresentedRequest {
  method: string;
  /** The URLs this request may have been addressed as (`htu`), without query or fragment. */
  urls: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  socket: Socket;
}

function header(request: PresentedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

async function findToken(provider: OidcProvider, value: string): Promise<OidcToken | undefined> {
  const cached = cachedToken(value);
  if (cached) return cached;
  const token = await findStoredToken(provider, value);
  if (token) rememberToken(value, token);
  return token;
}

async function findStoredToken(provider: OidcProvider, value: string): Promise<OidcToken | undefined> {
  const token = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
  if (!token || token.isExpired) return undefined;
  // A token under a grant ends with it (revokeGrant, the PSU dashboard, the Grant Management API).
  if (token.grantId && !(await provider.Grant.find(token.grantId))) return undefined;
  return token;
}

/** RFC 9449 §4.3 check 9: `htu` is compared without query and fragment. */
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

async function checkDpop(provider: OidcProvider, request: PresentedRequest, token: OidcToken, value: string, replay?: ProofReplayCheck): Promise<void> {
  const proof = header(request, 'dpop');
  const refuse = (description: string) => new TokenRefused(401, 'invalid_dpop_proof', description, 'DPoP');
  if (!proof) throw refuse('a DPoP proof is required with a DPoP-bound token');
  let verified: ReturnType<typeof verifyDpopProof>;
  try {
    verified = verifyDpopProof(proof);
  } catch (error) {
    throw refuse(error instanceof DpopProofInvalid ? error.message : 'invalid DPoP proof');
  }
  const { payload, thumbprint } = verified;
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > DPOP_WINDOW_S) throw refuse('DPoP proof iat is not recent enough');
  if (payload.htm !== request.method) throw refuse('DPoP proof htm mismatch');
  if (typeof payload.htu !== 'string' || !request.urls.includes(withoutQuery(payload.htu))) throw refuse('DPoP proof htu mismatch');
  if (payload.ath !== createHash('sha256').update(value).digest('base64url')) throw refuse('DPoP proof ath mismatch');
  if (typeof payload.jti !== 'string' || !payload.jti) throw refuse('DPoP proof must have a jti');
  // RFC 9449 §7.1: the token must be bound to the key that signed this proof.
  if (thumbprint !== token.jkt) throw new TokenRefused(401, 'invalid_token', 'the token is not bound to the key of this DPoP proof', 'DPoP');
  const unique = replay ?? ((clientId, jti, expiresAt) => provider.ReplayDetection.unique(clientId, jti, expiresAt));
  if (!(await unique(token.clientId, payload.jti, now + DPOP_WINDOW_S))) {
    throw refuse('DPoP proof JWT Replay detected');
  }
}

function checkCertificate(request: PresentedRequest, token: OidcToken): void {
  // The connection's certificate and its thumbprint are read once per connection (peerCertificateOf caches them).
  const thumbprint = peerCertificateOf(request.socket)?.x5tS256;
  if (thumbprint !== token['x5t#S256']) throw new TokenRefused(401, 'invalid_token', 'the token is bound to another client certificate', 'Bearer');
}

/** Remembers a proof's `jti` for its client; false when it was seen before (the replay check, RFC 9449 §11.1). */
export type ProofReplayCheck = (clientId: string, jti: string, expiresAt: number) => Promise<boolean>;

export interface PresentedTokenOptions {
  /**
   * Accept a plain bearer token of a first-party client (a DFSP's own channel app on the DFSP network); third
   * parties always need a sender-constrained token (FAPI 2.0 §5.3.2.1).
   */
  unboundForFirstParty?: boolean;
  /** The replay check to use; oidc-provider's ReplayDetection model by default. */
  replay?: ProofReplayCheck;
}

/**
 * The active, sender-constrained token of this request, with `scope` (or one of several) among its scopes; throws
 * TokenRefused with the status, error and challenge to answer.
 */
export async function presentedToken(provider: OidcProvider, request: PresentedRequest, scope: string | readonly string[], options: PresentedTokenOptions = {}): Promise<OidcToken> {
  const [scheme = '', value, ...rest] = (header(request, 'authorization') ?? '').split(' ');
  const used = scheme.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  if (!value || rest.length || !['dpop', 'bearer'].includes(scheme.toLowerCase())) {
    throw new TokenRefused(401, 'invalid_token', 'an access token is required (Authorization: DPoP or Bearer)', used);
  }
  const token = await findToken(provider, value);
  if (!token) throw new TokenRefused(401, 'invalid_token', 'the access token is not active', used);
  if (token.jkt) {
    if (used !== 'DPoP') throw new TokenRefused(401, 'invalid_token', 'a DPoP-bound token goes with the DPoP scheme', 'DPoP');
    await checkDpop(provider, request, token, value, options.replay);
  } else if (token['x5t#S256']) {
    if (used !== 'Bearer') throw new TokenRefused(401, 'invalid_token', 'a certificate-bound token goes with the Bearer scheme', 'Bearer');
    checkCertificate(request, token);
  } else if (!(options.unboundForFirstParty && used === 'Bearer' && isFirstParty((await provider.Client.find(token.clientId)) ?? { clientId: token.clientId }))) {
    throw new TokenRefused(401, 'invalid_token', 'the access token is not sender-constrained', used);
  }
  const held = (token.scope ?? '').split(' ');
  const wanted = [scope].flat();
  if (!wanted.some((item) => held.includes(item))) {
    throw new TokenRefused(403, 'insufficient_scope', `the access token lacks scope ${wanted.join(' or ')}`, used);
  }
  return token;
}
