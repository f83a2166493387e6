// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { KeyPurpose, KeyStore, StoredKey } from './key-store.js';

/** FAPI 2.0 Security Profile §5.4.1: PS256 or ES256 (EdDSA too; not all relying parties support it). */
export const SIGNING_ALGS = ['ES256', 'PS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** A retired signing key stays in the JWKS this long (ms), so what it signed still verifies. */
export const RETIRED_KEY_GRACE_MS = 7 * 86_400_000;

/** A new private JWK with its RFC 7638 thumbprint as `kid`. */
export async function generateSigningJwk(alg: SigningAlg | 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'PS256' && { modulusLength: 2048 }) });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
}

async function addKey(store: KeyStore, purpose: KeyPurpose, alg: string, privateJwk: JWK, now: number): Promise<StoredKey> {
  const key: StoredKey = { kid: privateJwk.kid!, purpose, alg, privateJwk, status: 'active', createdAt: now, retiredAt: undefined };
  await store.add(key);
  return key;
}

/**
 * The key set of a purpose, generating an active key for each algorithm that has none. Two processes starting
 * at once may both generate one: both keys are valid and published, the newest signs.
 */
export async function ensureKeys(store: KeyStore, purpose: KeyPurpose, algs: readonly string[], generate: (alg: string) => Promise<JWK>, now = Date.now()): Promise<StoredKey[]> {
  const keys = await store.list(purpose);
  const missing = algs.filter((alg) => !keys.some((key) => key.alg === alg && key.status === 'active'));
  if (missing.length === 0) return keys;
  for (const alg of missing) await addKey(store, purpose, alg, await generate(alg), now);
  return store.list(purpose);
}

/** The private JWKS oidc-provider signs with: active keys first (it signs with the first of an alg). */
export async function loadSigningJwks(store: KeyStore): Promise<JWK[]> {
  const keys = await ensureKeys(store, 'signing', SIGNING_ALGS, (alg) => generateSigningJwk(alg as SigningAlg));
  return keys.map((key) => key.privateJwk);
}

/**
 * Rotation: a new key per algorithm becomes the signing key, the old ones are retired but stay in the JWKS
 * for RETIRED_KEY_GRACE_MS so tokens they signed still verify; keys retired longer ago are dropped.
 */
export async function rotateSigningKeys(store: KeyStore, now = Date.now()): Promise<StoredKey[]> {
  const previous = (await store.list('signing')).filter((key) => key.status === 'active');
  for (const alg of SIGNING_ALGS) await addKey(store, 'signing', alg, await generateSigningJwk(alg), now);
  await store.retire(previous.map((key) => key.kid), now);
  await store.removeRetiredBefore('signing', now - RETIRED_KEY_GRACE_MS);
  return store.list('signing');
}

/** Secrets of Koa's signed cookies (32 random bytes, base64url); the first signs, all verify. */
export async function loadCookieSecrets(store: KeyStore): Promise<string[]> {
  const keys = await ensureKeys(store, 'cookie', ['HS256'], async () => {
    const k = randomBytes(32).toString('base64url');
    return { kty: 'oct', k, kid: randomBytes(8).toString('hex') };
  });
  return keys.filter((key) => key.status === 'active').map((key) => key.privateJwk.k!);
}
