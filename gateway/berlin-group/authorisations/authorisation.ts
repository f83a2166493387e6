// SPDX-License-Identifier: Apache-2.0
// Authorisation sub-resources (`…/authorisations/{authorisationId}`): one per SCA the TPP starts for a consent,
// a payment or a signing basket. Their scaStatus follows the resource: the PSU authorises the resource itself
// on the PSU pages (OAuth SCA approach), so every authorisation of it finishes with it.

export type AuthorisedResource = 'consent' | 'payment' | 'basket';

export interface Authorisation {
  authorisationId: string;
  resource: AuthorisedResource;
  resourceId: string;
  createdAt: number;
}

/** NextGenPSD2 scaStatus values Lango reports. */
export type ScaStatus = 'received' | 'started' | 'finalised' | 'failed';

export interface AuthorisationStore {
  /** Records a new authorisation of the resource. */
  start(resource: AuthorisedResource, resourceId: string): Promise<Authorisation>;
  /** The resource's authorisations, oldest first. */
  list(resource: AuthorisedResource, resourceId: string): Promise<Authorisation[]>;
  /** The authorisation, or undefined. */
  get(authorisationId: string): Promise<Authorisation | undefined>;
}
