// SPDX-License-Identifier: Apache-2.0
// The sandbox test certificate authority of the developer portal (issue 8): a QWAC or QSealC with the PSD2
// qcStatement (ETSI TS 119 495) for an application's roles, certifying the key of a CSR or one it generates.
// The steps, in order, each with the refusals it may throw:
//   1. checkOrganisation          organisation.ts         ORGANISATION_INVALID
//   2. checkRoles                 roles.ts                ROLE_NOT_ALLOWED
//   3. readCertificateRequest     certificate-request.ts  CSR_MALFORMED, KEY_TYPE_UNSUPPORTED, KEY_TOO_WEAK,
//      (or generateSubjectKey)                           CSR_SIGNATURE_INVALID
//   4. sign with the CA           psd2-profile.ts
import { X509Certificate as NodeX509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { x509, type CertificateAndKey, type Psd2CertificateKind, type Psd2Role } from '../../../platform/crypto/index.js';
import { readCertificateRequest } from './certificate-request.js';
import { checkOrganisation, type TestOrganisation } from './organisation.js';
import { psd2Extensions } from './psd2-profile.js';
import { checkRoles } from './roles.js';

export interface TestCertificateRequest {
  /** `qwac`: TLS client certificate (QcType web); `qseal`: signs requests (QcType eseal). */
  kind: Psd2CertificateKind;
  organisation: TestOrganisation;
  /** The PSD2 roles asked for; checked here, as they come from a form or an API body. */
  roles: readonly string[];
  /** The roles the application may hold; decided by the portal, never by the requester. */
  allowedRoles: readonly Psd2Role[];
  /** The key to certify: a PEM CSR (only its public key is used), or one the CA generates and returns. */
  subject: { csrPem: string } | { generate: 'ES256' | 'RS256' };
  /** Days from now, 1 to 825 (default 365); the CA's own expiry caps it. */
  validityDays?: number;
}

export interface IssuedTestCertificate {
  certificatePem: string;
  /** PKCS#8 PEM of the generated key; absent when the key came from a CSR (the CA never holds it). */
  privateKeyPem?: string;
  /** Lowercase hex without leading zeros, as in the Berlin Group `keyId` (`SN=`). */
  serialNumberHex: string;
  notAfter: Date;
  /** The roles in the certificate, without duplicates, in PSD2_ROLES order. */
  roles: Psd2Role[];
}

const DAY_MS = 86_400_000;
// As in platform/crypto: a peer whose clock lags a little must not see "not yet valid".
const BACKDATE_MS = 5 * 60_000;
const DEFAULT_VALIDITY_DAYS = 365;
// The longest a sandbox credential should live; Apple's 825-day TLS limit, as for the demo TPP's certificates.
const MAX_VALIDITY_DAYS = 825;
const GENERATED_KEYS = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
} as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

async function generateSubjectKey(algorithm: 'ES256' | 'RS256'): Promise<{ publicKey: x509.PublicKey; privateKeyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(GENERATED_KEYS[algorithm], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const privateKeyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { publicKey: await x509.PublicKey.create(keys.publicKey, webcrypto), privateKeyPem };
}

/** The CA certificate and its signing key: ECDSA P-256 (as `createRootCa` makes) or RSA, signing with SHA-256. */
async function signerOf(ca: CertificateAndKey) {
  const certificate = new x509.X509Certificate(new NodeX509Certificate(ca.certPem).raw);
  const keyObject = createPrivateKey(ca.keyPem);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  if (keyObject.asymmetricKeyType === 'rsa') {
    return { certificate, algorithm: RSA_SHA256, key: await webcrypto.subtle.importKey('pkcs8', der, RSA_SHA256, false, ['sign']) };
  }
  if (keyObject.asymmetricKeyType === 'ec' && keyObject.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return { certificate, algorithm: ECDSA_SHA256, key: await webcrypto.subtle.importKey('pkcs8', der, GENERATED_KEYS.ES256, false, ['sign']) };
  }
  throw new RangeError('ca.keyPem: expected an RSA or ECDSA P-256 key');
}

/** 127 random bits, positive, first octet non-zero: RFC 5280 §4.1.2.2 (≤ 20 octets), BR §7.1 (≥ 64 random bits). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

function validityOf(days: number | undefined): number {
  const value = days ?? DEFAULT_VALIDITY_DAYS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_VALIDITY_DAYS) {
    throw new RangeError(`validityDays: expected a whole number of days from 1 to ${MAX_VALIDITY_DAYS}, got ${value}`);
  }
  return value;
}

/** Issues a test QWAC or QSealC signed by `ca`. Refusals are the ValidationErrors of errors.ts (TestCaError). */
export async function issueTestCertificate(ca: CertificateAndKey, request: TestCertificateRequest): Promise<IssuedTestCertificate> {
  const validityDays = validityOf(request.validityDays);
  const subject = checkOrganisation(request.organisation);
  const roles = checkRoles(request.roles, request.allowedRoles);
  const key = 'csrPem' in request.subject ? await readCertificateRequest(request.subject.csrPem) : await generateSubjectKey(request.subject.generate);
  const signer = await signerOf(ca);
  const now = Date.now();
  const notAfter = new Date(Math.min(now + validityDays * DAY_MS, signer.certificate.notAfter.getTime()));
  const serialNumberHex = serialNumber();
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumberHex,
      // ETSI EN 319 412-3 §4.2.1 (legal persons): C, O, organizationIdentifier and CN; all from the organisation.
      subject: [{ C: [subject.country] }, { O: [subject.organization] }, { '2.5.4.97': [subject.organizationIdentifier] }, { CN: [subject.organization] }],
      issuer: signer.certificate.subjectName,
      publicKey: key.publicKey,
      signingKey: signer.key,
      signingAlgorithm: signer.algorithm,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter,
      extensions: await psd2Extensions({ kind: request.kind, roles, ncaName: subject.ncaName, ncaId: subject.ncaId }, key.publicKey, signer.certificate),
    },
    webcrypto,
  );
  return {
    certificatePem: certificate.toString('pem'),
    ...('privateKeyPem' in key ? { privateKeyPem: key.privateKeyPem } : {}),
    serialNumberHex,
    notAfter: certificate.notAfter,
    roles,
  };
}
