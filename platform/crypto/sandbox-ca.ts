// SPDX-License-Identifier: Apache-2.0
import type { X509Certificate } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { StartupError } from '../errors/lango-error.js';
import type { Logger } from '../log/logger.js';
import { createRootCa, issueCertificate, type CertificateAndKey } from './certificate-issuer.js';
import {
  PRIVATE_FILE_MODE,
  PUBLIC_FILE_MODE,
  keyMatchesCertificate,
  parseCertificate,
  parsePrivateKey,
  readOptionalFile,
  writeFileAtomic,
} from './pem-files.js';

/** The files under the sandbox PKI folder. `ca.pem` is written last, so its presence marks a complete CA. */
export const SANDBOX_PKI_FILES = { caCert: 'ca.pem', caKey: 'ca-key.pem', serverCert: 'server.pem', serverKey: 'server-key.pem' } as const;

const CA_SUBJECT = { commonName: 'Lango Sandbox Root CA', organization: 'Lango Sandbox' } as const;
const CA_VALIDITY_DAYS = 3650;
// Under the 825-day limit Apple platforms apply to every TLS server certificate, private roots included.
const SERVER_VALIDITY_DAYS = 730;
const RENEW_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;
/** Always in the server certificate, so local clients connect whatever hostnames are configured. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'] as const;
const HOSTNAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export type PkiLogger = Pick<Logger, 'warn' | 'info'>;

export interface SandboxPkiSettings {
  /** Folder of the four PEM files; created (mode 0700) when missing. */
  dir: string;
  /** Names clients use to reach the TLS listener, besides localhost, 127.0.0.1 and ::1. */
  hostnames: readonly string[];
  logger: PkiLogger;
}

export interface SandboxPki {
  readonly caCertPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  /** True when this call generated the CA (first start, or `ca.pem` was absent). */
  readonly created: boolean;
  /** True when this call issued the server certificate: with a new CA, for a new hostname, or to renew it. */
  readonly serverIssued: boolean;
}

type Paths = Record<keyof typeof SANDBOX_PKI_FILES, string>;
interface LoadedCa extends CertificateAndKey {
  cert: X509Certificate;
}

// The CA key stays off the returned object, so spreading or logging a SandboxPki never carries it.
const caKeys = new WeakMap<SandboxPki, string>();

/** The sandbox CA's private key, for the sandbox's test-CA issuer only; no listener needs it. */
export function sandboxCaKeyPem(pki: SandboxPki): string {
  const key = caKeys.get(pki);
  if (key === undefined) throw new TypeError('not a SandboxPki returned by ensureSandboxPki');
  return key;
}

/**
 * Loads the sandbox CA and server certificate from `dir`, generating what is missing. The CA is never
 * regenerated while `ca.pem` exists; the server certificate is reissued from it when it lacks a requested
 * hostname, expires within 30 days, or does not match its key (a crash between writing the two files).
 */
export async function ensureSandboxPki(settings: SandboxPkiSettings): Promise<SandboxPki> {
  const names = namesToCover(settings.hostnames);
  const paths = Object.fromEntries(Object.entries(SANDBOX_PKI_FILES).map(([k, f]) => [k, join(settings.dir, f)])) as Paths;
  await mkdir(settings.dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw new StartupError(`cannot create the sandbox TLS folder ${settings.dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  });
  const loaded = await loadCa(paths, settings.logger);
  const ca = loaded ?? (await createCa(paths, settings.logger));
  const current = loaded ? await loadServer(paths, loaded, names, settings.logger) : 'the sandbox CA is new';
  const server = typeof current === 'string' ? await issueServer(paths, ca, names, current, settings.logger) : current;
  const pki: SandboxPki = Object.freeze({
    caCertPem: ca.certPem,
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    created: loaded === undefined,
    serverIssued: typeof current === 'string',
  });
  caKeys.set(pki, ca.keyPem);
  return pki;
}

async function issueServer(paths: Paths, ca: CertificateAndKey, names: string[], reason: string, logger: PkiLogger): Promise<CertificateAndKey> {
  const server = await issueCertificate({
    issuer: ca,
    commonName: 'Lango Sandbox Server',
    organization: CA_SUBJECT.organization,
    usage: 'server',
    altNames: names,
    validityDays: SERVER_VALIDITY_DAYS,
  });
  // Key first: a crash before the certificate is written leaves a mismatched pair, which the next start reissues.
  await writeFileAtomic(paths.serverKey, server.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(paths.serverCert, server.certPem, PUBLIC_FILE_MODE);
  logger.info({ file: paths.serverCert, hostnames: names, reason }, 'issued the sandbox TLS server certificate');
  return server;
}

function namesToCover(hostnames: readonly string[]): string[] {
  const names = hostnames.map((name) => name.trim().toLowerCase());
  for (const name of names) {
    if (!isIP(name) && !HOSTNAME.test(name)) throw new StartupError(`sandbox TLS hostname "${name}" is neither a DNS name nor an IP address`);
  }
  return [...new Set([...names, ...LOCAL_NAMES])];
}

async function createCa(paths: Paths, logger: PkiLogger): Promise<CertificateAndKey> {
  const ca = await createRootCa({ ...CA_SUBJECT, validityDays: CA_VALIDITY_DAYS });
  await writeFileAtomic(paths.caKey, ca.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(paths.caCert, ca.certPem, PUBLIC_FILE_MODE);
  logger.warn(
    { file: paths.caCert, fingerprint256: parseCertificate(ca.certPem, paths.caCert).fingerprint256 },
    'generated the sandbox root CA: it is for development only; give production a real certificate (LANGO_TLS_CERT_FILE, LANGO_TLS_KEY_FILE)',
  );
  return ca;
}

/** The CA in `dir`, or undefined when `ca.pem` is absent; anything unusable stops the start. */
async function loadCa(paths: Paths, logger: PkiLogger): Promise<LoadedCa | undefined> {
  const certPem = await readOptionalFile(paths.caCert);
  if (certPem === undefined) return undefined;
  const regenerate = `delete ${paths.caCert} to generate a new sandbox CA`;
  const cert = parseCertificate(certPem, paths.caCert, regenerate);
  if (!cert.ca) throw new StartupError(`${paths.caCert} is not a CA certificate; ${regenerate}`);
  if (Date.parse(cert.validTo) <= Date.now()) throw new StartupError(`${paths.caCert} expired on ${cert.validTo}; ${regenerate}`);
  const keyPem = await readOptionalFile(paths.caKey);
  if (keyPem === undefined) throw new StartupError(`${paths.caKey} is missing, so the sandbox CA cannot sign; ${regenerate}`);
  const key = parsePrivateKey(keyPem, paths.caKey, regenerate);
  if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new StartupError(`${paths.caKey} is not an ECDSA P-256 key; ${regenerate}`);
  if (!keyMatchesCertificate(cert, key)) throw new StartupError(`${paths.caKey} is not the key of ${paths.caCert}; ${regenerate}`);
  await warnIfExposed(paths.caKey, logger);
  return { certPem, keyPem, cert };
}

/** The server certificate and key when still usable, otherwise the reason to issue a new one. */
async function loadServer(paths: Paths, ca: LoadedCa, names: readonly string[], logger: PkiLogger): Promise<CertificateAndKey | string> {
  const certPem = await readOptionalFile(paths.serverCert);
  const keyPem = await readOptionalFile(paths.serverKey);
  if (certPem === undefined || keyPem === undefined) return `${certPem === undefined ? paths.serverCert : paths.serverKey} is missing`;
  const reissue = `delete it to issue a new one from the sandbox CA`;
  const cert = parseCertificate(certPem, paths.serverCert, reissue);
  const key = parsePrivateKey(keyPem, paths.serverKey, reissue);
  if (!keyMatchesCertificate(cert, key)) return `${paths.serverKey} is not the key of ${paths.serverCert}`;
  if (!cert.checkIssued(ca.cert) || !cert.verify(ca.cert.publicKey)) return 'it was not issued by the sandbox CA';
  if (Date.parse(cert.validTo) - Date.now() < RENEW_WITHIN_DAYS * DAY_MS) return `it expires on ${cert.validTo}`;
  const missing = names.filter((name) => !covers(cert, name));
  if (missing.length > 0) return `it lacks ${missing.join(', ')}`;
  await warnIfExposed(paths.serverKey, logger);
  return { certPem, keyPem };
}

// Exact subjectAltName entries: a configured wildcard must appear as such, and an IP must be an IP entry.
function covers(cert: X509Certificate, name: string): boolean {
  if (isIP(name)) return cert.checkIP(name) !== undefined;
  const dnsNames = (cert.subjectAltName ?? '').split(', ').filter((entry) => entry.startsWith('DNS:'));
  return dnsNames.some((entry) => entry.slice(4).toLowerCase() === name);
}

// A key copied in by hand may have lost its 0600 mode; say so rather than fix it silently.
async function warnIfExposed(file: string, logger: PkiLogger): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) logger.warn({ file, mode: (mode & 0o777).toString(8) }, 'private key file is readable by other users; chmod 600 it');
}
