// SPDX-License-Identifier: Apache-2.0
import type { Logger } from '../../platform/log/index.js';
import type { ConsentStore } from '../consents/consent.js';
import type { OidcProvider } from '../provider/oidc-provider.js';
import type { PsuFlows } from './psu-flow.js';
import type { AuthenticationDeps } from './steps/authenticate.js';
import type { PasskeyDeps } from './steps/passkey.js';

/** What the PSU pages need; the consent server builds it once. */
export interface PsuDeps {
  /** The running provider; it changes when signing keys rotate. */
  provider(): OidcProvider;
  flows: PsuFlows;
  auth: AuthenticationDeps;
  passkeys: PasskeyDeps;
  consents: ConsentStore;
  logger: Logger;
}
