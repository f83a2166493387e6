// SPDX-License-Identifier: Apache-2.0
// A PKCS#10 certificate signing request (RFC 2986) from the portal: only its public key is used, after the key
// policy and the proof of possession (§3: the request is signed with the private key of that public key).
import { webcrypto } from 'node:crypto';
import { x509 } from '../../../platform/crypto/index.js';
import { CsrMalformedError, CsrSignatureInvalidError } from './errors.js';
import { checkSubjectKey, type AcceptedKey } from './key-policy.js';

// A CSR with an 8192-bit RSA key is under 3 KiB of PEM; anything far larger is not a CSR.
const MAX_PEM_LENGTH = 32 * 1024;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];
const HASHES = ['SHA-256', 'SHA-384', 'SHA-512'];
const EXPECTED = 'Paste a certificate signing request in PEM, starting with -----BEGIN CERTIFICATE REQUEST-----, for example from `openssl req -new -key tpp-key.pem`.';

export interface CertificateRequestKey {
  publicKey: x509.PublicKey;
  key: AcceptedKey;
}

function parse(csrPem: string): x509.Pkcs10CertificateRequest {
  if (csrPem.length > MAX_PEM_LENGTH) throw new CsrMalformedError(`The text is ${csrPem.length} characters long, too long for a CSR. ${EXPECTED}`);
  const block = PEM_BLOCK.exec(csrPem);
  if (!block) throw new CsrMalformedError(`This is not a PEM block. ${EXPECTED}`);
  const label = block[1] as string;
  if (label.includes('PRIVATE KEY')) {
    throw new CsrMalformedError(`This is a private key. Never send it to anyone, the sandbox included: keep it and send the CSR made with it. ${EXPECTED}`);
  }
  if (!CSR_LABELS.includes(label)) throw new CsrMalformedError(`This is a ${label}, not a certificate signing request. ${EXPECTED}`);
  try {
    return new x509.Pkcs10CertificateRequest(block[0]);
  } catch (cause) {
    throw new CsrMalformedError(`The CSR cannot be decoded: its content is damaged or incomplete. ${EXPECTED}`, cause);
  }
}

/** Proof of possession: the self-signature verifies with the CSR's own key, under a SHA-2 hash. */
async function checkSelfSignature(csr: x509.Pkcs10CertificateRequest): Promise<void> {
  let hash: string | undefined;
  let valid = false;
  try {
    hash = csr.signatureAlgorithm.hash?.name;
    valid = await csr.verify(webcrypto);
  } catch (cause) {
    throw new CsrSignatureInvalidError('The CSR is signed with an algorithm the CA does not know. Sign it with SHA-256 (the default of openssl and most tools).', cause);
  }
  if (!hash || !HASHES.includes(hash)) {
    throw new CsrSignatureInvalidError(`The CSR is signed with ${hash ?? 'an unknown hash'}; sign it with SHA-256, SHA-384 or SHA-512.`);
  }
  if (!valid) {
    throw new CsrSignatureInvalidError('The CSR\'s signature does not match its public key, so it does not prove you hold the private key. Make the CSR again with your private key and paste it unchanged.');
  }
}

/** The CSR's public key, once it passes the key policy and proves possession. Its subject and extensions are ignored. */
export async function readCertificateRequest(csrPem: string): Promise<CertificateRequestKey> {
  const csr = parse(csrPem);
  let spki: ArrayBuffer;
  try {
    spki = csr.publicKey.rawData;
  } catch (cause) {
    throw new CsrMalformedError(`The CSR's public key cannot be decoded. ${EXPECTED}`, cause);
  }
  // The policy comes first: a DSA or Ed448 request should hear about its key, not about a signature the CA cannot check.
  const key = checkSubjectKey(spki);
  await checkSelfSignature(csr);
  return { publicKey: csr.publicKey, key };
}
