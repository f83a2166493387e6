// SPDX-License-Identifier: Apache-2.0
// RSA (RS256) FSPIOP keys for a whole sandbox scheme, written before Lango opens its key directory.
// sdk-scheme-adapter 18.0.2 signs and verifies with @mojaloop/sdk-standard-components 17.x, whose JWS is RS256
// only: its validator refuses Lango's ES256 signatures ("invalid algorithm") and its signer labels any key RS256.
// FSPIOP v1.1's signature document names RS256 too. Lango keeps the keys it finds (it generates EC P-256 only for ids that have none) and signs and verifies
// RS256 with an RSA key, so every participant of the test scheme gets one.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RSA_BITS = 2048;

/**
 * Writes `<keysDir>/private/<fspId>.key` (PKCS#8, 0600) and `<keysDir>/jws/<fspId>.pem` (SPKI) for each id: the
 * layout of Lango's FSPIOP key directory and of the sdk's JWS_VERIFICATION_KEYS_DIRECTORY.
 */
export function writeRsaSchemeKeys(keysDir: string, fspIds: readonly string[]): void {
  mkdirSync(join(keysDir, 'private'), { recursive: true, mode: 0o700 });
  mkdirSync(join(keysDir, 'jws'), { recursive: true });
  for (const fspId of fspIds) {
    const { privateKeyPem, publicKeyPem } = rsaKeyPair();
    writePrivateKey(join(keysDir, 'private', `${fspId}.key`), privateKeyPem);
    writeFileSync(join(keysDir, 'jws', `${fspId}.pem`), publicKeyPem, { mode: 0o644 });
  }
}

/** An RSA key pair as PEM: PKCS#8 private key, SPKI public key. */
export function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: RSA_BITS });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export function writePrivateKey(path: string, pem: string): void {
  writeFileSync(path, pem, { mode: 0o600 });
  chmodSync(path, 0o600);
}
