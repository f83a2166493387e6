// SPDX-License-Identifier: Apache-2.0
// The sandbox directory: the trust anchor that vouches for TPPs, as a national directory (Open Banking UK,
// Open Finance Brasil) does. It signs software statements (RFC 7591 §2.3) with its ES256 key, kept in the
// store; the authorisation server accepts a dynamic registration only with a statement it signed.
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { TPP_ROLES, type TppRole } from '../provider/client-roles.js';
import type { KeyStore } from '../provider/keys/key-store.js';
import { ensureKeys, generateSigningJwk } from '../provider/keys/signing-keys.js';

/** `iss` of every statement the sandbox directory signs. */
export const SANDBOX_DIRECTORY_ISSUER = 'urn:lango:sandbox-directory';
/** Default statement lifetime, in seconds. */
const DEFAULT_LIFETIME_S = 365 * 86_400;

export interface SoftwareStatementRequest {
  softwareId: string;
  orgId: string;
  orgName: string;
  roles: TppRole[];
  redirectUris: string[];
  /** The client's public keys (JWKS); private keys are refused. */
  jwks: { keys: JWK[] };
  /** Seconds from now; negative for an already expired statement (tests). Default one year. */
  expiresInSeconds?: number;
}

/** What a verified statement asserts, in client metadata names (RFC 7591 §2, §2.3). */
export interface SoftwareStatementClaims {
  software_id: string;
  org_id: string;
  org_name: string;
  client_name: string;
  software_roles: TppRole[];
  redirect_uris: string[];
  jwks: { keys: JWK[] };
}

/** Why a statement was refused; the registration answers `invalid_software_statement` (RFC 7591 §3.2.2). */
export class SoftwareStatementRejected extends Error {}

export interface SoftwareDirectory {
  /** Signs a statement for a TPP (sandbox, developer portal, tests). */
  issueSoftwareStatement(request: SoftwareStatementRequest): Promise<string>;
  /** The claims of a statement this directory signed, unexpired; SoftwareStatementRejected otherwise. */
  verifySoftwareStatement(jwt: string): Promise<SoftwareStatementClaims>;
  /** The directory's public key set, for anyone who wants to check a statement. */
  publicJwks(): { keys: JWK[] };
}

const publicPart = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...rest }: JWK): JWK => rest;

/** Loads (or, on first start, generates and stores) the directory's ES256 key. */
export async function openSoftwareDirectory(keys: KeyStore): Promise<SoftwareDirectory> {
  const stored = await ensureKeys(keys, 'directory', ['ES256'], () => generateSigningJwk('ES256'));
  const active = stored.find((key) => key.status === 'active')!;
  const signingKey = await importJWK(active.privateJwk, 'ES256');
  const verificationKeys = new Map(await Promise.all(stored.map(async (key) => [key.kid, await importJWK(publicPart(key.privateJwk), 'ES256')] as const)));

  return {
    async issueSoftwareStatement(request) {
      if (request.jwks.keys.some((key) => key.d !== undefined || key.k !== undefined)) throw new TypeError('a software statement carries public keys only');
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        software_id: request.softwareId,
        org_id: request.orgId,
        org_name: request.orgName,
        client_name: request.orgName,
        software_roles: request.roles,
        redirect_uris: request.redirectUris,
        jwks: request.jwks,
      })
        .setProtectedHeader({ alg: 'ES256', kid: active.kid, typ: 'JWT' })
        .setIssuer(SANDBOX_DIRECTORY_ISSUER)
        .setIssuedAt(now)
        .setJti(randomUUID())
        .setExpirationTime(now + (request.expiresInSeconds ?? DEFAULT_LIFETIME_S))
        .sign(signingKey);
    },

    async verifySoftwareStatement(jwt) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(jwt, async (header) => {
          const key = header.kid ? verificationKeys.get(header.kid) : undefined;
          if (!key) throw new SoftwareStatementRejected('the software statement is not signed by the sandbox directory');
          return key;
        }, { issuer: SANDBOX_DIRECTORY_ISSUER, algorithms: ['ES256'], requiredClaims: ['exp', 'iat'] }));
      } catch (error) {
        throw new SoftwareStatementRejected(reasonOf(error), { cause: error });
      }
      return claimsOf(payload);
    },

    publicJwks: () => ({ keys: stored.map((key) => publicPart(key.privateJwk)) }),
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof SoftwareStatementRejected) return error.message;
  if (error instanceof joseErrors.JWTExpired) return 'the software statement has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the software statement signature does not verify';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the software statement ${error.claim} claim is not valid`;
  return 'the software statement is not a JWT signed by the sandbox directory';
}

function claimsOf(payload: JWTPayload): SoftwareStatementClaims {
  const strings = ['software_id', 'org_id', 'org_name'] as const;
  for (const name of strings) {
    if (typeof payload[name] !== 'string' || payload[name] === '') throw new SoftwareStatementRejected(`the software statement lacks ${name}`);
  }
  const roles = payload.software_roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => (TPP_ROLES as readonly unknown[]).includes(role))) {
    throw new SoftwareStatementRejected(`software_roles must list some of ${TPP_ROLES.join(', ')}`);
  }
  const redirectUris = payload.redirect_uris;
  if (!Array.isArray(redirectUris) || !redirectUris.every((uri) => typeof uri === 'string')) throw new SoftwareStatementRejected('redirect_uris must be a list of URIs');
  const jwks = payload.jwks as { keys?: unknown } | undefined;
  if (!jwks || !Array.isArray(jwks.keys)) throw new SoftwareStatementRejected('the software statement lacks jwks');
  return {
    software_id: payload.software_id as string,
    org_id: payload.org_id as string,
    org_name: payload.org_name as string,
    client_name: typeof payload.client_name === 'string' ? payload.client_name : (payload.org_name as string),
    software_roles: roles as TppRole[],
    redirect_uris: redirectUris as string[],
    jwks: jwks as { keys: JWK[] },
  };
}
