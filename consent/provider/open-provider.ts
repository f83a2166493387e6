// SPDX-License-Identifier: Apache-2.0
import type { Logger } from '../../platform/log/index.js';
import { providerConfiguration, type ProviderSettings } from './configuration.js';
import { dpopErrorCorrection } from './dpop-errors.js';
import { grantIdInTokenResponse } from './grant-management.js';
import { answerUnknownRoutes } from './unknown-routes.js';
import { loadOidcProvider, type OidcProvider } from './oidc-provider.js';

/** Refusals worth a log line at info (the caller's mistake, like the platform's "request refused"). */
const REFUSAL_EVENTS = [
  'authorization.error', 'pushed_authorization_request.error', 'grant.error', 'introspection.error', 'revocation.error',
  'registration_create.error', 'discovery.error', 'jwks.error',
] as const;

/** Builds the authorisation server for one issuer; its state lives in the store, so it can be rebuilt any time. */
export async function createProvider(settings: Omit<ProviderSettings, 'errors'>, logger: Logger): Promise<OidcProvider> {
  const { Provider, errors } = await loadOidcProvider(logger);
  const provider = new Provider(settings.issuer, providerConfiguration({ ...settings, errors }));
  provider.use(answerUnknownRoutes);
  provider.use(dpopErrorCorrection(provider));
  provider.use(grantIdInTokenResponse);
  for (const event of REFUSAL_EVENTS) {
    provider.on(event, (_ctx, error) => {
      const { error: code, error_description: reason } = (error ?? {}) as { error?: string; error_description?: string };
      logger.info({ event, error: code, reason }, 'oauth request refused');
    });
  }
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'authorisation server failed'));
  // A Koa app without an 'error' listener prints to stderr; Lango logs instead.
  provider.on('error', (error) => logger.error({ err: error }, 'authorisation server failed'));
  return provider;
}
