// SPDX-License-Identifier: Apache-2.0
import { join } from 'node:path';
import type { LangoConfig } from '../platform/config/index.js';
import { ensureSandboxPki, loadCaBundle, loadPemFiles, sandboxCaKeyPem, serverTlsOptions, type CertificateAndKey, type ServerTlsOptions } from '../platform/crypto/index.js';
import type { Logger } from '../platform/log/index.js';

export interface ListenerTls {
  options: ServerTlsOptions;
  /** The sandbox CA, published at /sandbox/ca.pem; undefined when the operator brings a certificate. */
  sandboxCaPem: string | undefined;
  /** The sandbox CA with its key (it issues the demo TPP's certificates); undefined when the operator brings a certificate. */
  sandboxCa: CertificateAndKey | undefined;
}

/** The TLS listener's certificate: the operator's files when configured, the sandbox PKI otherwise. */
export async function listenerTls(config: LangoConfig, hostnames: string[], logger: Logger): Promise<ListenerTls> {
  if (config.tls.certFile && config.tls.keyFile) {
    const files = await loadPemFiles({ certFile: config.tls.certFile, keyFile: config.tls.keyFile, ...(config.tls.clientCaFile && { caFile: config.tls.clientCaFile }) });
    return { options: serverTlsOptions({ certPem: files.certPem, keyPem: files.keyPem, clientCaPems: files.caPems }), sandboxCaPem: undefined, sandboxCa: undefined };
  }
  const pki = await ensureSandboxPki({ dir: join(config.dataDir, 'tls'), hostnames, logger });
  const clientCas = config.tls.clientCaFile ? await loadCaBundle(config.tls.clientCaFile) : [pki.caCertPem];
  return { options: serverTlsOptions({ certPem: pki.serverCertPem, keyPem: pki.serverKeyPem, clientCaPems: clientCas }), sandboxCaPem: pki.caCertPem, sandboxCa: { certPem: pki.caCertPem, keyPem: sandboxCaKeyPem(pki) } };
}
