// SPDX-License-Identifier: Apache-2.0
// Authorisation sub-resources (§5.8, §6.10): start one, list them, read its scaStatus. With the OAuth SCA approach
// the start answers `_links.scaOAuth`; the PSU then authorises the resource on the PSU pages, and every
// authorisation of the resource reports how that went.
import type { FastifyInstance } from 'fastify';
import type { Consent } from '../../../consent/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import { DECOUPLED_APPROACH_HEADER, SCA_APPROACH_HEADER, href, scaOAuthLink } from '../http/links.js';
import { bgRoute, type BgCall, type RequestValidator } from '../http/route-kit.js';
import type { Psd2Service } from '../tpp/tpp.js';
import type { AuthorisedResource, ScaStatus } from './authorisation.js';

/** scaStatus of an authorisation, from the status of the consent record the PSU decides on. */
export function scaStatusOf(consent: Consent | undefined): ScaStatus {
  if (!consent || consent.status === 'rejected' || (consent.status === 'terminatedByTpp' && !consent.grantId)) return 'failed';
  return consent.status === 'received' ? 'received' : 'finalised';
}

export interface AuthorisedResourceSpec {
  resource: AuthorisedResource;
  service: Psd2Service;
  /** The resource's path with fastify parameters, e.g. `/v1/consents/:consentId`. */
  url: string;
  scopes(params: Record<string, string>): string[];
  /** The id of the consent record the PSU authorises, after checking the resource is this TPP's. */
  consentIdOf(call: BgCall): Promise<string>;
}

export function authorisationRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator, spec: AuthorisedResourceSpec): void {
  const path = (call: BgCall) => call.request.url.split('?')[0]!.replace(/\/authorisations.*$/, '');

  bgRoute(server, deps, validate, {
    method: 'POST', url: `${spec.url}/authorisations`, service: spec.service, scopes: spec.scopes,
    async handle(call) {
      const consentId = await spec.consentIdOf(call);
      const consent = await deps.consents.get(consentId);
      if (consent?.status !== 'received') throw berlinGroupError('STATUS_INVALID', `the ${spec.resource} is not waiting for an authorisation`);
      const started = await deps.authorisations.start(spec.resource, consentId);
      const self = `${path(call)}/authorisations/${started.authorisationId}`;
      // Decoupled (§4.6.3): the resource names its PSU, who approves it on the bank's PSU pages; nothing to redirect.
      if (call.header('tpp-decoupled-preferred') === 'true') {
        if (!consent.psuId) throw berlinGroupError('FORMAT_ERROR', `the decoupled approach needs the PSU-ID header when the ${spec.resource} is created`, { path: 'PSU-ID' });
        return {
          status: 201,
          headers: { Location: self, ...DECOUPLED_APPROACH_HEADER },
          body: { scaStatus: scaStatusOf(consent), authorisationId: started.authorisationId, psuMessage: 'Please approve this request on your bank\'s pages (Access you have given).', _links: { scaStatus: href(self) } },
        };
      }
      return {
        status: 201,
        headers: { Location: self, ...SCA_APPROACH_HEADER },
        body: { scaStatus: scaStatusOf(consent), authorisationId: started.authorisationId, _links: { ...scaOAuthLink(deps.oauthIssuer()), scaStatus: href(self) } },
      };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: `${spec.url}/authorisations`, service: spec.service, scopes: spec.scopes,
    async handle(call) {
      const consentId = await spec.consentIdOf(call);
      const list = await deps.authorisations.list(spec.resource, consentId);
      return { status: 200, body: { authorisationIds: list.map((item) => item.authorisationId) } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: `${spec.url}/authorisations/:authorisationId`, service: spec.service, scopes: spec.scopes,
    async handle(call) {
      const consentId = await spec.consentIdOf(call);
      const authorisation = await deps.authorisations.get(call.params.authorisationId!);
      if (!authorisation || authorisation.resource !== spec.resource || authorisation.resourceId !== consentId) {
        throw berlinGroupError('RESOURCE_UNKNOWN', `no authorisation ${call.params.authorisationId} of this ${spec.resource}`, { status: 403, path: 'authorisationId' });
      }
      return { status: 200, body: { scaStatus: scaStatusOf(await deps.consents.get(consentId)) } };
    },
  });
}
