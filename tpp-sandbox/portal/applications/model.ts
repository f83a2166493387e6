// SPDX-License-Identifier: Apache-2.0
// A developer portal application: one OAuth client of a team, registered at the authorisation server through
// dynamic registration with a software statement of the sandbox directory, with its test certificates.
import type { JWK } from 'jose';
import type { Psd2CertificateKind, Psd2Role } from '../../../platform/crypto/index.js';

/** The API roles an application may ask for (consent's TPP_ROLES). */
export type AppRole = 'AIS' | 'PIS' | 'PIIS' | 'PISP';

/** Where the client's private keys are: kept by the portal for the starter kit and readiness checks, or the team's own. */
export type KeySource = 'portal' | 'uploaded';

export interface Application {
  id: string;
  organisationId: string;
  name: string;
  roles: AppRole[];
  redirectUris: string[];
  clientId: string;
  keySource: KeySource;
  /** The client's public signing keys, as registered. */
  jwks: { keys: JWK[] };
  softwareStatement: string;
  createdAt: number;
  createdBy: string;
}

/** What only the portal's server sees: never rendered except into the owner's starter kit. */
export interface ApplicationSecrets {
  privateJwk: JWK | undefined;
  dpopPrivateJwk: JWK | undefined;
  /** RFC 7592: lets the portal read or delete its registration. */
  registrationAccessToken: string;
}

export interface StoredCertificate {
  id: string;
  applicationId: string;
  kind: Psd2CertificateKind;
  certificatePem: string;
  /** PKCS#8 PEM when the sandbox CA generated the key; absent for a CSR. */
  privateKeyPem: string | undefined;
  serialNumberHex: string;
  roles: Psd2Role[];
  notAfter: number;
  createdAt: number;
}

export type ProductionStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** A team's request that a bank let an application reach its production API; the bank's operators decide. */
export interface ProductionRequest {
  id: string;
  applicationId: string;
  applicationName: string;
  organisationId: string;
  organisationName: string;
  /** The bank (tenant id) asked. */
  tenantId: string;
  status: ProductionStatus;
  note: string;
  requestedAt: number;
  requestedBy: string;
  decidedAt: number | undefined;
  decidedBy: string | undefined;
  decisionReason: string | undefined;
}

/** The applications' store (port; SQL adapter in adapters/sql). Every read is scoped by organisation. */
export interface ApplicationStore {
  /** Adds an application with its secrets. */
  create(application: Application, secrets: ApplicationSecrets): Promise<void>;
  /** The organisation's applications, newest first. */
  list(organisationId: string): Promise<Application[]>;
  /** One application of the organisation, or undefined (another team's id reads as unknown). */
  get(organisationId: string, applicationId: string): Promise<Application | undefined>;
  /** The application's secrets, for its own organisation only. */
  secrets(organisationId: string, applicationId: string): Promise<ApplicationSecrets | undefined>;
  /** Adds a certificate. */
  addCertificate(certificate: StoredCertificate): Promise<void>;
  /** The application's certificates, newest first. */
  certificates(applicationId: string): Promise<StoredCertificate[]>;
  /** Adds a production request unless one for this application and bank is pending; false when one is. */
  requestProduction(request: ProductionRequest): Promise<boolean>;
  /** Production requests of one application, or of the given banks (for their operators), newest first. */
  productionRequests(filter: { applicationId: string } | { tenantIds: readonly string[] }): Promise<ProductionRequest[]>;
  /** Decides a pending request of one of `tenantIds`; undefined when there is no such pending request. */
  decideProduction(id: string, tenantIds: readonly string[], decision: { status: 'APPROVED' | 'REJECTED'; by: string; reason: string; at: number }): Promise<ProductionRequest | undefined>;
  /** Every client id of the organisation's applications (the portal's views are scoped by them). */
  clientIds(organisationId: string): Promise<string[]>;
}
