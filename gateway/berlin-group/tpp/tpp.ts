// SPDX-License-Identifier: Apache-2.0
// Who is calling: the TPP as its eIDAS certificate (QWAC on the TLS listener, QSealC of the request signature
// on the plain one) and its OAuth client's token say.
import type { Psd2Role } from '../../../platform/crypto/index.js';

/** The PSD2 service a route belongs to, and the role (ETSI TS 119 495 §5.1) a TPP needs for it. */
export const SERVICE_ROLES = { AIS: 'PSP_AI', PIS: 'PSP_PI', PIIS: 'PSP_IC' } as const satisfies Record<string, Psd2Role>;
export type Psd2Service = keyof typeof SERVICE_ROLES;

export interface Tpp {
  /** The OAuth client of the presented access token. */
  clientId: string;
  /** organizationIdentifier of the certificate (`PSDTZ-BOT-…`). */
  organisationId: string | undefined;
  organisationName: string | undefined;
  roles: Psd2Role[];
  /** QWAC of the TLS connection, or QSealC of the request's signature. */
  via: 'qwac' | 'qseal';
  /** The access token's scopes, subject (the PSU of an authorised consent) and grant. */
  scopes: ReadonlySet<string>;
  subject: string | undefined;
  grantId: string | undefined;
}
