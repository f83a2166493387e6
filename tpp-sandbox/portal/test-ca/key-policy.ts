// SPDX-License-Identifier: Apache-2.0
// Which subject keys the test CA certifies. The QWAC's key signs TLS handshakes at the gateway, the QSealC's signs
// Berlin Group HTTP signatures (rsa-sha256, rsa-pss, ecdsa-sha256), so only keys both can use are accepted:
// RSA of 2048 to 8192 bits and ECDSA on P-256 or P-384: the public-TLS profile (Mozilla Root Store Policy §5.1,
// CA/Browser Forum Baseline Requirements §6.1.5–6.1.6) that every TLS stack and HSM a TPP uses is built for.
// README.md says why each other type is refused.
import { createPublicKey } from 'node:crypto';
import { KeyTooWeakError, KeyTypeUnsupportedError } from './errors.js';

export type AcceptedKey = { type: 'rsa'; modulusBits: number } | { type: 'ec'; curve: 'P-256' | 'P-384' };

const RSA_MIN_BITS = 2048;
// Larger keys gain nothing at sandbox scale and make every handshake and signature slow.
const RSA_MAX_BITS = 8192;
// BR §6.1.6: an odd exponent from 2^16+1 to 2^256-1; a larger one would make every verification slow.
const RSA_MIN_EXPONENT = 65_537n;
const RSA_MAX_EXPONENT = 2n ** 256n - 1n;
const CURVES: Record<string, 'P-256' | 'P-384'> = { prime256v1: 'P-256', secp384r1: 'P-384' };
const CURVE_NAMES: Record<string, string> = { secp521r1: 'P-521', secp256k1: 'secp256k1', ...CURVES };
const TYPE_NAMES: Record<string, string> = { ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA', 'rsa-pss': 'RSA-PSS', x25519: 'X25519', x448: 'X448', dh: 'Diffie-Hellman' };
const ACCEPTED = 'Use an ECDSA key on P-256 or P-384, or an RSA key of 2048 to 8192 bits.';

/** Checks a DER SubjectPublicKeyInfo against the policy; throws KEY_TYPE_UNSUPPORTED or KEY_TOO_WEAK. */
export function checkSubjectKey(spki: ArrayBuffer): AcceptedKey {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new KeyTypeUnsupportedError(`The CSR's public key is of a type the CA does not know. ${ACCEPTED}`, 'unknown', cause);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''];
    if (curve) return { type: 'ec', curve };
    const name = `ECDSA ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'on an unnamed curve'}`;
    throw new KeyTypeUnsupportedError(`The CSR's key is ${name}, which TLS clients and banks' HSMs do not all support. ${ACCEPTED}`, name);
  }
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    const exponent = details.publicExponent ?? 0n;
    const name = `RSA ${bits}`;
    if (bits < RSA_MIN_BITS) throw new KeyTooWeakError(`The CSR's RSA key has ${bits} bits; at least ${RSA_MIN_BITS} are needed. ${ACCEPTED}`, name);
    if (bits > RSA_MAX_BITS) throw new KeyTypeUnsupportedError(`The CSR's RSA key has ${bits} bits; the CA takes at most ${RSA_MAX_BITS}. ${ACCEPTED}`, name);
    if (exponent < RSA_MIN_EXPONENT || exponent % 2n === 0n) {
      throw new KeyTooWeakError(`The CSR's RSA key has the public exponent ${exponent}; it must be odd and at least 65537. Most tools use 65537.`, name);
    }
    if (exponent > RSA_MAX_EXPONENT) throw new KeyTypeUnsupportedError(`The CSR's RSA key has a public exponent above 2^256. Most tools use 65537.`, name);
    return { type: 'rsa', modulusBits: bits };
  }
  const name = TYPE_NAMES[key.asymmetricKeyType ?? ''] ?? key.asymmetricKeyType ?? 'unknown';
  throw new KeyTypeUnsupportedError(`The CSR's key is ${name}, which the gateway cannot verify in request signatures (it takes RSA and ECDSA) and many TLS stacks refuse. ${ACCEPTED}`, name);
}
