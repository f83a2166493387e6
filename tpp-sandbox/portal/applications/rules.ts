// SPDX-License-Identifier: Apache-2.0
// What the portal accepts as an application: its name, roles, redirect URIs and uploaded keys. Each refusal says
// what to change.
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { Psd2Role } from '../../../platform/crypto/index.js';
import { AppFieldInvalidError, AppRoleNotAllowedError, JwksInvalidError, RedirectUriInvalidError } from './errors.js';
import type { AppRole } from './model.js';

export const APP_ROLES: readonly AppRole[] = ['AIS', 'PIS', 'PIIS', 'PISP'];
/** The PSD2 certificate role each application role needs (ETSI TS 119 495); a PISP initiates payments. */
export const PSD2_ROLE_OF: Record<AppRole, Psd2Role> = { AIS: 'PSP_AI', PIS: 'PSP_PI', PIIS: 'PSP_IC', PISP: 'PSP_PI' };
const NAME_MAX = 100;
const MAX_REDIRECT_URIS = 5;
const MAX_KEYS = 5;
const CONTROL_CHARACTERS = /\p{Cc}/u;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
// FAPI 2.0 Security Profile §5.4.1 algorithms the authorisation server takes for private_key_jwt: PS256, ES256.
const ACCEPTED_ALGORITHMS = { EC: 'ES256', RSA: 'PS256' } as const;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

export function checkAppName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > NAME_MAX || CONTROL_CHARACTERS.test(name)) throw new AppFieldInvalidError('name', `must be 1 to ${NAME_MAX} characters without line breaks`);
  return name;
}

/** The roles, without duplicates, in APP_ROLES order. */
export function checkAppRoles(value: unknown): AppRole[] {
  const requested = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  if (requested.length === 0) throw new AppRoleNotAllowedError(`Choose at least one role: ${APP_ROLES.join(', ')}.`);
  for (const role of requested) {
    if (role === 'MM' || role === 'MOBILE_MONEY') {
      throw new AppRoleNotAllowedError('The GSMA Mobile Money API is not open to third parties in this sandbox yet; choose AIS, PIS, PIIS or PISP.');
    }
    if (!(APP_ROLES as readonly unknown[]).includes(role)) {
      throw new AppRoleNotAllowedError(`'${String(role).slice(0, 40)}' is not a role of Lango's APIs; choose among ${APP_ROLES.join(', ')}.`);
    }
  }
  return APP_ROLES.filter((role) => requested.includes(role));
}

/** 1 to 5 absolute URIs without fragment, https (http only on loopback, for local development: RFC 8252 §7.3). */
export function checkRedirectUris(value: unknown): string[] {
  const list = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : []).map((uri) => String(uri).trim()).filter(Boolean);
  if (list.length === 0 || list.length > MAX_REDIRECT_URIS) throw new RedirectUriInvalidError(`Give 1 to ${MAX_REDIRECT_URIS} redirect URIs, one per line.`);
  for (const uri of list) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new RedirectUriInvalidError(`'${uri.slice(0, 200)}' is not an absolute URI such as https://app.example.com/callback.`);
    }
    if (url.hash) throw new RedirectUriInvalidError(`'${uri.slice(0, 200)}' has a fragment (#…); redirect URIs may not (RFC 6749 §3.1.2).`);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      throw new RedirectUriInvalidError(`'${uri.slice(0, 200)}' must use https (http only on localhost).`);
    }
  }
  return [...new Set(list)];
}

/** Public signing keys of the accepted types, each with its `kid` and `alg` (the thumbprint when it had no kid). */
export async function checkUploadedJwks(value: unknown): Promise<{ keys: JWK[] }> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new JwksInvalidError('The key set is not JSON; paste a JWKS such as {"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…"}]}.');
    }
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS) throw new JwksInvalidError(`A JWKS has a "keys" list of 1 to ${MAX_KEYS} keys.`);
  const checked: JWK[] = [];
  for (const [index, key] of (keys as JWK[]).entries()) {
    if (!key || typeof key !== 'object') throw new JwksInvalidError(`Key ${index + 1} is not a JSON object.`);
    if (PRIVATE_MEMBERS.some((member) => member in key)) throw new JwksInvalidError(`Key ${index + 1} holds private material; upload only the public keys and keep the private ones to yourself.`);
    const alg = ACCEPTED_ALGORITHMS[key.kty as keyof typeof ACCEPTED_ALGORITHMS];
    if (!alg) throw new JwksInvalidError(`Key ${index + 1} is of type ${String(key.kty)}; the authorisation server accepts EC P-256 (ES256) and RSA of 2048 bits or more (PS256).`);
    if (key.kty === 'EC' && key.crv !== 'P-256') throw new JwksInvalidError(`Key ${index + 1} is on curve ${String(key.crv)}; ES256 needs P-256.`);
    if (key.kty === 'RSA' && Buffer.from(String(key.n ?? ''), 'base64url').length * 8 < 2048) {
      throw new JwksInvalidError(`Key ${index + 1} is an RSA key of fewer than 2048 bits; use 2048 bits or more.`);
    }
    if (key.use !== undefined && key.use !== 'sig') throw new JwksInvalidError(`Key ${index + 1} has use "${String(key.use)}"; client keys sign ("sig").`);
    if (key.alg !== undefined && key.alg !== alg) throw new JwksInvalidError(`Key ${index + 1} has alg ${String(key.alg)}; a ${key.kty} key signs with ${alg} here.`);
    try {
      await importJWK({ ...key, alg }, alg);
    } catch {
      throw new JwksInvalidError(`Key ${index + 1} is not a valid ${key.kty} public key.`);
    }
    checked.push({ ...key, alg, use: 'sig', kid: key.kid ?? await calculateJwkThumbprint(key) });
  }
  return { keys: checked };
}

/**
 * The team's PSD2 organisation identifier (ETSI TS 119 495 §5.2.1) under the sandbox's NCA: in its test
 * certificates and its clients' `org_id`, which the gateway compares.
 */
export function organisationIdentifierOf(organisationId: string): string {
  return `PSDTZ-BOT-LANGO${organisationId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}
