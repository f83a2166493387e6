// SPDX-License-Identifier: Apache-2.0
// The readiness checks in the order a TPP's journey takes them, one row each: what it needs to have passed
// before it, and the role it belongs to. A check of a role the app lacks is skipped and blocks nothing; a check
// whose need failed or was skipped for that reason is skipped with the reason.
import { accountsCheck, balancesCheck, consentCheck, scaCheck } from './ais-checks.js';
import type { Journey, StepResult } from './journey.js';
import { mtlsCheck } from './mtls-check.js';
import { discoveryCheck, registrationCheck, tokenCheck } from './oauth-checks.js';
import { authorisePaymentCheck, initiatePaymentCheck, paymentStatusCheck } from './pis-checks.js';

export type CheckId =
  | 'discovery' | 'registration' | 'token' | 'mtls'
  | 'consent' | 'sca' | 'ais-accounts' | 'ais-balances'
  | 'pis-initiate' | 'pis-authorise' | 'pis-status';

export interface ReadinessStep {
  id: CheckId;
  name: string;
  /** The TPP role the check belongs to; none for the checks every app runs. */
  role?: 'AIS' | 'PIS';
  /** Checks that must have passed; one skipped only because the app lacks its role does not block. */
  needs: readonly CheckId[];
  /** Resolves with what passed; throws (CheckFailedError with the API's words, or any error) when it did not. */
  run(journey: Journey): Promise<StepResult>;
}

export const READINESS_STEPS: readonly ReadinessStep[] = [
  { id: 'discovery', name: 'OpenID configuration of the issuer', needs: [], run: discoveryCheck },
  { id: 'registration', name: 'Client registered, private_key_jwt works', needs: ['discovery'], run: registrationCheck },
  { id: 'token', name: 'DPoP-bound access token for the app\'s roles', needs: ['registration'], run: tokenCheck },
  { id: 'mtls', name: 'QWAC accepted on the TLS listener', needs: ['token'], run: mtlsCheck },
  { id: 'consent', name: 'AIS consent created', role: 'AIS', needs: ['mtls'], run: consentCheck },
  { id: 'sca', name: 'PSU authorises the consent (PAR, PKCE, DPoP)', role: 'AIS', needs: ['consent'], run: scaCheck },
  { id: 'ais-accounts', name: 'Accounts read', role: 'AIS', needs: ['sca'], run: accountsCheck },
  { id: 'ais-balances', name: 'Balances read', role: 'AIS', needs: ['ais-accounts'], run: balancesCheck },
  // The PSU must be able to sign in: when `sca` failed (a wrong password), no payment is left waiting for it.
  { id: 'pis-initiate', name: 'Payment initiated', role: 'PIS', needs: ['mtls', 'sca'], run: initiatePaymentCheck },
  { id: 'pis-authorise', name: 'PSU authorises the payment', role: 'PIS', needs: ['pis-initiate'], run: authorisePaymentCheck },
  { id: 'pis-status', name: 'Payment accepted by the bank', role: 'PIS', needs: ['pis-authorise'], run: paymentStatusCheck },
];
