// SPDX-License-Identifier: Apache-2.0
import { StartupError } from '../errors/lango-error.js';
import { keyMatchesCertificate, parseCertificate, parseCertificateBundle, parsePrivateKey, readRequiredFile } from './pem-files.js';

export interface PemFileSettings {
  /** PEM server certificate, optionally followed by its intermediates (LANGO_TLS_CERT_FILE). */
  certFile: string;
  /** Unencrypted PEM private key of the certificate (LANGO_TLS_KEY_FILE). */
  keyFile: string;
  /** PEM bundle of CAs trusted for client certificates (LANGO_TLS_CLIENT_CA_FILE). */
  caFile?: string | undefined;
}

export interface PemFiles {
  certPem: string;
  keyPem: string;
  /** The certificates of `caFile`, one PEM each; empty without it. */
  caPems: string[];
}

/**
 * Loads an operator's own certificate and key, checked before any listener starts: each file readable and
 * parseable, and the key the private half of the certificate (a mismatch would otherwise only show at the
 * first handshake, far from its cause).
 */
export async function loadPemFiles(settings: PemFileSettings): Promise<PemFiles> {
  const certPem = await readRequiredFile(settings.certFile);
  const keyPem = await readRequiredFile(settings.keyFile);
  const cert = parseCertificate(certPem, settings.certFile);
  const key = parsePrivateKey(keyPem, settings.keyFile);
  if (!keyMatchesCertificate(cert, key)) {
    throw new StartupError(`${settings.keyFile} is not the private key of the certificate in ${settings.certFile}`);
  }
  return { certPem, keyPem, caPems: settings.caFile ? await loadCaBundle(settings.caFile) : [] };
}

/** Loads a PEM bundle of CA certificates (LANGO_TLS_CLIENT_CA_FILE), one PEM per certificate. */
export async function loadCaBundle(file: string): Promise<string[]> {
  return parseCertificateBundle(await readRequiredFile(file), file);
}
