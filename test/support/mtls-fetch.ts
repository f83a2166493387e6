// SPDX-License-Identifier: Apache-2.0
// A fetch for openid-client's customFetch that presents a client certificate on https (RFC 8705), since
// Node's global fetch cannot; plain http goes through the global fetch.
import { request } from 'node:https';

/** The client's certificate and key (PEM). */
export interface ClientTls {
  certPem: string;
  keyPem: string;
}

type FetchOptions = { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal };

/** `caPem`: the CA that signed the server's certificate. */
export function mtlsFetch(tls: ClientTls | undefined, caPem: string) {
  return async (url: string, options: FetchOptions): Promise<Response> => {
    if (!url.startsWith('https:')) return fetch(url, options as RequestInit);
    const body = options.body === undefined ? undefined : String(options.body);
    return new Promise((resolve, reject) => {
      const outgoing = request(url, {
        method: options.method,
        headers: { ...options.headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) },
        ca: caPem,
        ...(tls && { cert: tls.certPem, key: tls.keyPem }),
      }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) for (const item of [value ?? []].flat()) headers.append(name, item);
          const status = incoming.statusCode ?? 500;
          resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}
