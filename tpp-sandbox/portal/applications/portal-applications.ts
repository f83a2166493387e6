// SPDX-License-Identifier: Apache-2.0
// A team's applications in the developer portal: each is registered as an OAuth client by dynamic registration
// with a software statement of the sandbox directory (RFC 7591 §2.3), gets test certificates from the sandbox
// CA for exactly its roles, and can be put before a bank for production. Every call is scoped to one team.
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { CertificateAndKey, Psd2CertificateKind } from '../../../platform/crypto/index.js';
import { issueTestCertificate } from '../test-ca/index.js';
import type { StarterKitInput } from '../starter-kit/starter-kit.js';
import type { ClientRegistrar } from './client-registrar.js';
import {
  AppFieldInvalidError, ApplicationUnknownError, CertificateMissingError, KeysNotHeldError, ProductionRequestPendingError, ProductionRequestUnknownError,
} from './errors.js';
import type { AppRole, Application, ApplicationSecrets, ApplicationStore, ProductionRequest, StoredCertificate } from './model.js';
import { PSD2_ROLE_OF, checkAppName, checkAppRoles, checkRedirectUris, checkUploadedJwks, organisationIdentifierOf } from './rules.js';

/** The sandbox directory's signing of software statements (consent's SoftwareDirectory). */
export interface StatementSigner {
  issueSoftwareStatement(request: {
    softwareId: string; orgId: string; orgName: string; roles: AppRole[]; redirectUris: string[]; jwks: { keys: JWK[] };
  }): Promise<string>;
}

export interface PortalApplicationsOptions {
  store: ApplicationStore;
  directory: StatementSigner;
  registrar: ClientRegistrar;
  /** The sandbox CA (it also signs the TLS listener's certificate); undefined when this process has no TLS listener. */
  ca: () => CertificateAndKey | undefined;
  now?: () => number;
}

/** The team an action is for, as the portal's session knows it. */
export interface Team {
  id: string;
  name: string;
}

export interface NewApplication {
  name: unknown;
  roles: unknown;
  redirectUris: unknown;
  /** The team's own public keys (JWKS, object or JSON text); absent: the portal generates and keeps the keys. */
  jwks?: unknown;
}

export interface CertificateOrder {
  kind: unknown;
  /** PSD2 roles (PSP_AI, …); default: the ones the application's roles need. */
  roles?: unknown;
  /** A PEM CSR; absent: the CA generates the key pair and the portal keeps the private key for the starter kit. */
  csrPem?: unknown;
}

const CERTIFICATE_KINDS: readonly Psd2CertificateKind[] = ['qwac', 'qseal'];
const NOTE_MAX = 1000;

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

const publicJwk = ({ d: _d, ...rest }: JWK): JWK => rest;

export class PortalApplications {
  readonly #options: PortalApplicationsOptions;
  readonly #now: () => number;

  constructor(options: PortalApplicationsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Registers a new application of the team. FIELD_INVALID, ROLE_NOT_ALLOWED, REDIRECT_URI_INVALID, JWKS_INVALID, REGISTRATION_REFUSED. */
  async create(team: Team, createdBy: string, input: NewApplication): Promise<Application> {
    const name = checkAppName(input.name);
    const roles = checkAppRoles(input.roles);
    const redirectUris = checkRedirectUris(input.redirectUris);
    const uploaded = input.jwks !== undefined && input.jwks !== '' ? await checkUploadedJwks(input.jwks) : undefined;
    const privateJwk = uploaded ? undefined : await newSigningKey();
    // RFC 9449 §11.4: DPoP proofs get a key of their own.
    const dpopPrivateJwk = uploaded ? undefined : await newSigningKey();
    const jwks = uploaded ?? { keys: [publicJwk(privateJwk!)] };
    const id = randomUUID();
    const softwareStatement = await this.#options.directory.issueSoftwareStatement({
      softwareId: id, orgId: organisationIdentifierOf(team.id), orgName: `${team.name} — ${name}`.slice(0, 200), roles, redirectUris, jwks,
    });
    const registered = await this.#options.registrar.register(softwareStatement);
    const application: Application = {
      id, organisationId: team.id, name, roles, redirectUris, clientId: registered.clientId, keySource: uploaded ? 'uploaded' : 'portal',
      jwks, softwareStatement, createdAt: this.#now(), createdBy,
    };
    await this.#options.store.create(application, { privateJwk, dpopPrivateJwk, registrationAccessToken: registered.registrationAccessToken });
    return application;
  }

  /** The team's applications, newest first. */
  list(teamId: string): Promise<Application[]> {
    return this.#options.store.list(teamId);
  }

  /** One of the team's applications. APPLICATION_UNKNOWN (also for another team's). */
  async get(teamId: string, applicationId: string): Promise<Application> {
    const application = await this.#options.store.get(teamId, applicationId);
    if (!application) throw new ApplicationUnknownError();
    return application;
  }

  /** The private keys the portal holds for the application. KEYS_NOT_HELD when the team brought its own. */
  async heldKeys(teamId: string, applicationId: string, purpose: string): Promise<{ privateJwk: JWK; dpopPrivateJwk: JWK }> {
    await this.get(teamId, applicationId);
    const secrets: ApplicationSecrets | undefined = await this.#options.store.secrets(teamId, applicationId);
    if (!secrets?.privateJwk || !secrets.dpopPrivateJwk) throw new KeysNotHeldError(purpose);
    return { privateJwk: secrets.privateJwk, dpopPrivateJwk: secrets.dpopPrivateJwk };
  }

  /** Issues a QWAC or QSealC for the application's roles. FIELD_INVALID and the test CA's refusals (CSR_MALFORMED, KEY_TOO_WEAK, ROLE_NOT_ALLOWED, …). */
  async issueCertificate(team: Team, applicationId: string, order: CertificateOrder): Promise<StoredCertificate> {
    const application = await this.get(team.id, applicationId);
    if (!(CERTIFICATE_KINDS as readonly unknown[]).includes(order.kind)) throw new AppFieldInvalidError('kind', 'must be qwac (TLS client certificate) or qseal (request signatures)');
    const ca = this.#options.ca();
    if (!ca) throw new CertificateMissingError('this sandbox runs without its TLS listener, so its CA cannot issue certificates');
    const allowedRoles = [...new Set(application.roles.map((role) => PSD2_ROLE_OF[role]))];
    const requested = order.roles === undefined || order.roles === '' ? allowedRoles : Array.isArray(order.roles) ? order.roles.map(String) : [String(order.roles)];
    const csrPem = typeof order.csrPem === 'string' && order.csrPem.trim() ? order.csrPem : undefined;
    const issued = await issueTestCertificate(ca, {
      kind: order.kind as Psd2CertificateKind,
      organisation: { organizationIdentifier: organisationIdentifierOf(team.id), name: team.name.slice(0, 64) },
      roles: requested, allowedRoles,
      subject: csrPem ? { csrPem } : { generate: 'ES256' },
    });
    const certificate: StoredCertificate = {
      id: randomUUID(), applicationId, kind: order.kind as Psd2CertificateKind, certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem,
      serialNumberHex: issued.serialNumberHex, roles: issued.roles, notAfter: issued.notAfter.getTime(), createdAt: this.#now(),
    };
    await this.#options.store.addCertificate(certificate);
    return certificate;
  }

  /** The application's certificates, newest first. */
  async certificates(teamId: string, applicationId: string): Promise<StoredCertificate[]> {
    await this.get(teamId, applicationId);
    return this.#options.store.certificates(applicationId);
  }

  /** The client credentials and newest QWAC (and QSealC) the portal holds: what the starter kit and readiness checks sign with. */
  async credentials(teamId: string, applicationId: string, purpose: string): Promise<Pick<StarterKitInput, 'client' | 'certificates'> & { application: Application }> {
    const application = await this.get(teamId, applicationId);
    const keys = await this.heldKeys(teamId, applicationId, purpose);
    const held = (await this.#options.store.certificates(applicationId)).filter((certificate) => certificate.privateKeyPem && certificate.notAfter > this.#now());
    const qwac = held.find((certificate) => certificate.kind === 'qwac');
    const qseal = held.find((certificate) => certificate.kind === 'qseal');
    if (!qwac) throw new CertificateMissingError(`${purpose} needs a QWAC whose key the portal generated: get one under Certificates first`);
    return {
      application,
      client: { clientId: application.clientId, privateJwk: keys.privateJwk, dpopPrivateJwk: keys.dpopPrivateJwk, redirectUri: application.redirectUris[0]! },
      certificates: {
        qwac: { certPem: qwac.certificatePem, keyPem: qwac.privateKeyPem! },
        ...(qseal && { qseal: { certPem: qseal.certificatePem, keyPem: qseal.privateKeyPem! } }),
      },
    };
  }

  /** Asks a bank to approve the application for production. PRODUCTION_REQUEST_PENDING, FIELD_INVALID. */
  async requestProduction(team: Team, applicationId: string, requestedBy: string, input: { tenantId: unknown; note?: unknown }, banks: readonly string[]): Promise<ProductionRequest> {
    const application = await this.get(team.id, applicationId);
    const tenantId = typeof input.tenantId === 'string' ? input.tenantId : '';
    if (!banks.includes(tenantId)) throw new AppFieldInvalidError('tenantId', `must be one of the banks: ${banks.join(', ')}`);
    const note = typeof input.note === 'string' ? input.note.trim() : '';
    if (note.length > NOTE_MAX) throw new AppFieldInvalidError('note', `must be at most ${NOTE_MAX} characters`);
    const request: ProductionRequest = {
      id: randomUUID(), applicationId, applicationName: application.name, organisationId: team.id, organisationName: team.name, tenantId, status: 'PENDING', note,
      requestedAt: this.#now(), requestedBy, decidedAt: undefined, decidedBy: undefined, decisionReason: undefined,
    };
    if (!(await this.#options.store.requestProduction(request))) throw new ProductionRequestPendingError();
    return request;
  }

  /** The application's production requests, newest first. */
  async productionRequests(teamId: string, applicationId: string): Promise<ProductionRequest[]> {
    await this.get(teamId, applicationId);
    return this.#options.store.productionRequests({ applicationId });
  }

  /** The requests a bank's operators review (their banks only), newest first. */
  reviewQueue(tenantIds: readonly string[]): Promise<ProductionRequest[]> {
    return tenantIds.length ? this.#options.store.productionRequests({ tenantIds }) : Promise.resolve([]);
  }

  /** A bank's decision on a pending request of one of `tenantIds`. PRODUCTION_REQUEST_UNKNOWN, FIELD_INVALID (reason). */
  async decideProduction(id: string, tenantIds: readonly string[], decision: { approve: boolean; by: string; reason: unknown }): Promise<ProductionRequest> {
    const reason = typeof decision.reason === 'string' ? decision.reason.trim() : '';
    if (reason.length < 5 || reason.length > NOTE_MAX) throw new AppFieldInvalidError('reason', `must be 5 to ${NOTE_MAX} characters: say why`);
    const decided = await this.#options.store.decideProduction(id, tenantIds, { status: decision.approve ? 'APPROVED' : 'REJECTED', by: decision.by, reason, at: this.#now() });
    if (!decided) throw new ProductionRequestUnknownError();
    return decided;
  }

  /** Every client id of the team's applications. */
  clientIds(teamId: string): Promise<string[]> {
    return this.#options.store.clientIds(teamId);
  }
}
