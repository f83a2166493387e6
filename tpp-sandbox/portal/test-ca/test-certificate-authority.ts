// SPDX-License-Identifier: Apache-2.0
// The sandbox test certificate authority of the developer portal (issue 8): a QWAC or QSealC with the PSD2
// qcStatement (ETSI TS 119 495) for an application's roles, certifying the key of a CSR or one it generates.
// The steps, in order, each with the refusals it may throw:
//   1. checkOrganisation          organisation.ts         ORGANISATION_INVALID
//   2. checkRoles                 roles.ts                ROLE_NOT_ALLOWED
//   3. readCertificateRequest     certificate-request.ts  CSR_MALFORMED, KEY_TYPE_UNSUPPORTED, KEY_TOO_WEAK,
//      (or generateSubjectKey)                           CSR_SIGNATURE_INVALID
//   4. sign with the CA           certifyPsd2PublicKey (platform/crypto: the profile of every Lango PSD2 certificate)
import { randomBytes, webcrypto } from 'node:crypto';
import { certifyPsd2PublicKey, x509, type CertificateAndKey, type Psd2CertificateKind, type Psd2Role } from '../../../platform/crypto/index.js';
import { readCertificateRequest } from './certificate-request.js';
import { checkOrganisation, type TestOrganisation } from './organisation.js';
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

const DEFAULT_VALIDITY_DAYS = 365;
// The longest a sandbox credential should live; Apple's 825-day TLS limit, as for the demo TPP's certificates.
const MAX_VALIDITY_DAYS = 825;
const GENERATED_KEYS = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
} as const;

async function generateSubjectKey(algorithm: 'ES256' | 'RS256'): Promise<{ publicKey: x509.PublicKey; privateKeyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(GENERATED_KEYS[algorithm], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const privateKeyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { publicKey: await x509.PublicKey.create(keys.publicKey, webcrypto), privateKeyPem };
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
  const serialNumberHex = serialNumber();
  // ETSI EN 319 412-3 §4.2.1 (legal persons): C, O, organizationIdentifier and CN; all from the organisation.
  const certificate = new x509.X509Certificate(await certifyPsd2PublicKey({
    issuer: ca, kind: request.kind, roles, validityDays, serialNumber: serialNumberHex, publicKey: key.publicKey,
    organization: subject.organization, commonName: subject.organization, organizationIdentifier: subject.organizationIdentifier,
    country: subject.country, ncaName: subject.ncaName, ncaId: subject.ncaId,
  }));
  return {
    certificatePem: certificate.toString('pem'),
    ...('privateKeyPem' in key ? { privateKeyPem: key.privateKeyPem } : {}),
    serialNumberHex,
    notAfter: certificate.notAfter,
    roles,
  };
}
