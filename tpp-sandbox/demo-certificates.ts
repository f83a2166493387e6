// SPDX-License-Identifier: Apache-2.0
// The demo TPP's eIDAS test certificates, issued by the sandbox CA with PSD2 qcStatements: a QWAC (TLS client
// certificate on the TLS listener) and a QSealC (request signatures on the plain listener). Made once and kept
// in <data dir>/tls/demo-tpp; published with their keys in the manifest: sandbox credentials, not secrets.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuePsd2Certificate, type CertificateAndKey, type Psd2Role } from '../platform/crypto/index.js';

/** organizationIdentifier of the demo TPP (ETSI EN 319 412-1 §5.1.4: PSD, country, NCA, PSP id); also its client's org_id. */
export const DEMO_TPP_ORGANISATION = 'PSDTZ-BOT-LANGODEMO';
const DEMO_TPP_ROLES: readonly Psd2Role[] = ['PSP_AI', 'PSP_PI'];
const VALIDITY_DAYS = 825;

export interface DemoTppCertificates {
  organizationIdentifier: string;
  roles: readonly Psd2Role[];
  qwac: CertificateAndKey;
  qseal: CertificateAndKey;
}

function load(dir: string, name: string): CertificateAndKey | undefined {
  try {
    return { certPem: readFileSync(join(dir, `${name}.pem`), 'utf8'), keyPem: readFileSync(join(dir, `${name}-key.pem`), 'utf8') };
  } catch {
    return undefined;
  }
}

function save(dir: string, name: string, pair: CertificateAndKey): void {
  for (const [file, content] of [[`${name}-key.pem`, pair.keyPem], [`${name}.pem`, pair.certPem]] as const) {
    writeFileSync(join(dir, `${file}.tmp`), content, { mode: 0o600 });
    renameSync(join(dir, `${file}.tmp`), join(dir, file));
  }
}

/** organizationIdentifier of the sandbox banks' shared seal (it signs TPP notifications). */
export const SANDBOX_ASPSP_ORGANISATION = 'PSDTZ-BOT-LANGOASPSP';

/** The sandbox banks' QSealC in `dir`, issued by `ca` when missing: TPP notifications are signed with it. */
export async function ensureSandboxBankSeal(dir: string, ca: CertificateAndKey): Promise<CertificateAndKey> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = load(dir, 'bank-seal');
  if (existing) return existing;
  const issued = await issuePsd2Certificate({
    issuer: ca, commonName: 'Lango Sandbox Banks', organization: 'Lango Sandbox Banks', organizationIdentifier: SANDBOX_ASPSP_ORGANISATION,
    roles: ['PSP_AS'], ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', kind: 'qseal', keyAlgorithm: 'RS256', validityDays: VALIDITY_DAYS,
  });
  save(dir, 'bank-seal', issued);
  return issued;
}

/** The demo TPP's QWAC and QSealC in `dir`, issued by `ca` when missing. */
export async function ensureDemoTppCertificates(dir: string, ca: CertificateAndKey): Promise<DemoTppCertificates> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const common = { issuer: ca, commonName: 'Lango Demo TPP', organization: 'Lango Demo TPP Ltd', organizationIdentifier: DEMO_TPP_ORGANISATION, roles: DEMO_TPP_ROLES, ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', validityDays: VALIDITY_DAYS };
  const ensure = async (name: string, kind: 'qwac' | 'qseal', keyAlgorithm: 'ES256' | 'RS256') => {
    const existing = load(dir, name);
    if (existing) return existing;
    const issued = await issuePsd2Certificate({ ...common, kind, keyAlgorithm });
    save(dir, name, issued);
    return issued;
  };
  // The QSealC is RSA: the Implementation Guidelines' signature examples (rsa-sha256) use RSA keys.
  return { organizationIdentifier: DEMO_TPP_ORGANISATION, roles: DEMO_TPP_ROLES, qwac: await ensure('qwac', 'qwac', 'ES256'), qseal: await ensure('qseal', 'qseal', 'RS256') };
}
