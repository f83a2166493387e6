// SPDX-License-Identifier: Apache-2.0
// The portal's sandbox test certificate authority (issue 8).
export { issueTestCertificate, type TestCertificateRequest, type IssuedTestCertificate } from './test-certificate-authority.js';
export { SANDBOX_NCAS, type TestOrganisation } from './organisation.js';
export { type AcceptedKey } from './key-policy.js';
export {
  TEST_CA_REFUSALS,
  CsrMalformedError,
  CsrSignatureInvalidError,
  KeyTooWeakError,
  KeyTypeUnsupportedError,
  RoleNotAllowedError,
  OrganisationInvalidError,
  type TestCaRefusalCode,
  type TestCaError,
} from './errors.js';
