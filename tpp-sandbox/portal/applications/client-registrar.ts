// SPDX-License-Identifier: Apache-2.0
// How the portal registers an application's OAuth client: RFC 7591 dynamic registration at the authorisation
// server, the way any TPP would, with the software statement the sandbox directory signed.
import { RegistrationRefusedError } from './errors.js';

export interface RegisteredClient {
  clientId: string;
  registrationAccessToken: string;
}

/** Registers OAuth clients (port). */
export interface ClientRegistrar {
  /** Registers a private_key_jwt client from the statement; RegistrationRefusedError with the server's reason. */
  register(softwareStatement: string): Promise<RegisteredClient>;
}

/** Dynamic registration over HTTP at `<issuer>/register`; `issuer` is read per call (known once the listener binds). */
export function httpClientRegistrar(issuer: () => string): ClientRegistrar {
  return {
    async register(softwareStatement) {
      const response = await fetch(`${issuer()}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ software_statement: softwareStatement, token_endpoint_auth_method: 'private_key_jwt' }),
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status !== 201 || typeof body.client_id !== 'string') {
        throw new RegistrationRefusedError(`The authorisation server refused the registration: ${String(body.error ?? response.status)}${body.error_description ? ` (${String(body.error_description)})` : ''}.`);
      }
      return { clientId: body.client_id, registrationAccessToken: String(body.registration_access_token ?? '') };
    },
  };
}
