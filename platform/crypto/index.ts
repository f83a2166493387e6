// SPDX-License-Identifier: Apache-2.0
export { ensureSandboxPki, sandboxCaKeyPem, SANDBOX_PKI_FILES, type SandboxPki, type SandboxPkiSettings, type PkiLogger } from './sandbox-ca.js';
export { serverTlsOptions, peerCertificateOf, type ServerTlsSettings, type ServerTlsOptions, type PeerCertificate } from './tls-options.js';
export { loadPemFiles, loadCaBundle, type PemFileSettings, type PemFiles } from './load-pem-files.js';
export { createRootCa, issueCertificate, type CertificateAndKey, type CertificateUsage, type IssueCertificateParams } from './certificate-issuer.js';
export {
  PSD2_ROLES,
  CertificateUnreadable,
  certifyPsd2PublicKey,
  issuePsd2Certificate,
  type CertifyPsd2PublicKeyParams,
  readPsd2Certificate,
  verifyIssuedBy,
  sameDistinguishedName,
  type Psd2Role,
  type Psd2CertificateKind,
  type Psd2CertificateInfo,
  type IssuePsd2CertificateParams,
  type CertificateValidity,
} from './psd2-certificate.js';
// Other contexts parse certificates (qcStatements, x5c) through this, never '@peculiar/x509' directly:
// it loads the Reflect polyfill the library needs.
export { x509 } from './x509.js';
export { hashSecret, verifySecret } from './password-hash.js';
export { sameSecret } from './same-secret.js';
