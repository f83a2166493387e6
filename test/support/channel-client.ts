// SPDX-License-Identifier: Apache-2.0
// A DFSP's first-party app on the channel API, as the manifest describes it: a client credentials token
// (private_key_jwt) from the consent server, then JSON calls with Platform-TenantId.
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { CLIENT_ASSERTION_TYPE, clientAssertion, postForm } from './oauth-requests.js';

export interface ChannelAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ChannelClient {
  token: string;
  call<T = Record<string, unknown>>(method: string, path: string, tenantId: string, body?: unknown, headers?: Record<string, string>): Promise<ChannelAnswer<T>>;
}

interface ManifestLike {
  listeners: Record<string, string>;
  demoChannelApp: { clientId: string; privateJwk: JWK };
}

/** Signs in as the manifest's demo channel app. */
export async function channelClient(manifest: ManifestLike): Promise<ChannelClient> {
  const issuer = `${manifest.listeners.public}/oauth`;
  const app = manifest.demoChannelApp;
  const answer = await postForm(`${issuer}/token`, {
    grant_type: 'client_credentials', scope: 'channel', client_id: app.clientId,
    client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await clientAssertion(app.clientId, app.privateJwk, issuer, { jti: randomUUID() }),
  });
  if (answer.status !== 200) throw new Error(`channel token refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  const token = String(answer.body.access_token);
  return {
    token,
    async call<T>(method: string, path: string, tenantId: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${manifest.listeners.channel}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'platform-tenantid': tenantId, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
    },
  };
}
