// SPDX-License-Identifier: Apache-2.0
import { DEMO_APP_PATHS } from './demo-apps/demo-app-options.js';
import type { DemoClient } from './demo-clients.js';
import { SANDBOX_OPERATORS, SANDBOX_OTP, SANDBOX_PSUS } from './sandbox-data.js';
import type { SandboxDirectory } from './sandbox-directory.js';

/** Base URLs of the listeners this process serves, by listener name. */
export type ListenerUrls = Readonly<Record<string, string>>;

/**
 * The sandbox manifest: where everything is and who one can be. A newcomer and every e2e test start from it.
 * Banks, PSUs and accounts come from the store; the plain-text credentials from the published seed.
 */
export async function buildManifest(directory: SandboxDirectory, urls: ListenerUrls, demoClients: readonly DemoClient[] = []) {
  const [seed, banks, everyPsu, everyAccount, everyIdentifier] = await Promise.all([
    directory.seedState(), directory.banks(), directory.psus(), directory.accounts(), directory.identifiers(),
  ]);
  // A portal team's own PSUs are that team's business (issue 8): only the shared, ownerless ones are published.
  const psus = everyPsu.filter((psu) => !psu.ownerOrganisationId);
  const accounts = everyAccount.filter((account) => psus.some((psu) => psu.id === account.psuId));
  const identifiers = everyIdentifier.filter((mapping) => accounts.some((account) => account.id === mapping.accountId));
  const passwordOf = (tenantId: string, username: string) =>
    SANDBOX_PSUS.find((psu) => psu.tenantId === tenantId && psu.username === username)?.password;
  const fspOf = (tenantId: string) => banks.find((bank) => bank.tenantId === tenantId)?.fspId;
  const msisdnOf = (accountId: string) => identifiers.find((mapping) => mapping.accountId === accountId)?.idValue;
  const publicUrl = urls.public ?? urls.publicTls;
  const demoTpp = demoClients.find((client) => !client.firstParty);
  const demoChannelApp = demoClients.find((client) => client.firstParty && !client.operations);
  const operationsClient = demoClients.find((client) => client.operations);

  return {
    name: 'Lango sandbox',
    seededAt: seed ? new Date(seed.seededAt).toISOString() : null,
    listeners: urls,
    ...(publicUrl && {
      links: {
        manifest: `${publicUrl}/sandbox/manifest.json`,
        sandboxCaCertificate: `${publicUrl}/sandbox/ca.pem`,
        // What the hub "sent" by SMS, e-mail or push: the sandbox's phone (?recipient=<MSISDN>).
        notificationOutbox: `${publicUrl}/sandbox/outbox`,
        // Self-service onboarding: sign up, applications, test certificates, starter kit (issue 8).
        developerPortal: `${publicUrl}/portal/`,
        ...(urls.simulators && {
          switchSimulator: `${urls.simulators}/switch`,
          switchAdmin: `${urls.simulators}/switch/admin/participants`,
          fineractSimulator: `${urls.simulators}/fineract/fineract-provider/api/v1/interoperation`,
        }),
        ...(urls.channel && { channelApi: `${urls.channel}/channel` }),
        // The deck's demo apps, built on the public APIs only: a TPP aggregator and the Lion Mobile Wallet.
        ...(urls.public && { demoAggregator: `${urls.public}${DEMO_APP_PATHS.aggregator}`, demoWallet: `${urls.public}${DEMO_APP_PATHS.wallet}` }),
      },
    }),
    currency: banks[0]?.currency ?? null,
    sca: { method: 'otp', otp: SANDBOX_OTP },
    banks: banks.map((bank) => ({ ...bank, psus: psus.filter((psu) => psu.tenantId === bank.tenantId).map((psu) => psu.username) })),
    psus: psus.map((psu) => ({
      fullName: psu.fullName,
      tenantId: psu.tenantId,
      fspId: fspOf(psu.tenantId),
      username: psu.username,
      // Only seeded PSUs have published credentials; anyone created later keeps theirs private.
      password: passwordOf(psu.tenantId, psu.username) ?? null,
      otp: SANDBOX_OTP,
      accounts: accounts.filter((account) => account.psuId === psu.id).map((account) => ({
        id: account.id,
        number: account.number,
        externalId: account.externalId,
        name: account.name,
        product: account.product,
        currency: account.currency,
        openingBalance: account.openingBalance,
        msisdn: msisdnOf(account.id) ?? null,
      })),
    })),
    // Published sandbox keys: private_key_jwt client assertions (privateJwk) and DPoP proofs (dpopPrivateJwk).
    ...(demoTpp && {
      demoTpp: {
        issuer: publicUrl ? `${publicUrl}/oauth` : null,
        clientId: demoTpp.clientId,
        clientName: demoTpp.clientName,
        roles: demoTpp.roles,
        redirectUri: demoTpp.redirectUri,
        tokenEndpointAuthMethod: 'private_key_jwt',
        privateJwk: demoTpp.privateJwk,
        dpopPrivateJwk: demoTpp.dpopPrivateJwk,
        // eIDAS test certificates with PSD2 roles: the QWAC for the TLS listener, the QSealC for request signatures.
        ...(demoTpp.certificates && {
          organizationIdentifier: demoTpp.certificates.organizationIdentifier,
          psd2Roles: demoTpp.certificates.roles,
          qwac: demoTpp.certificates.qwac,
          qseal: demoTpp.certificates.qseal,
        }),
      },
    }),
    ...(demoChannelApp && { demoChannelApp: { clientId: demoChannelApp.clientId, tokenEndpointAuthMethod: 'private_key_jwt', privateJwk: demoChannelApp.privateJwk } }),
    // The back-office operations client (issue 7): operators sign in with PAR + PKCE + private_key_jwt, then a one-time code.
    ...(operationsClient && {
      operationsClient: {
        issuer: publicUrl ? `${publicUrl}/oauth` : null,
        clientId: operationsClient.clientId,
        clientName: operationsClient.clientName,
        redirectUri: operationsClient.redirectUri,
        scope: 'openid operations',
        tokenEndpointAuthMethod: 'private_key_jwt',
        privateJwk: operationsClient.privateJwk,
      },
    }),
    // Seeded back-office operators: tenant id → viewer | operator | supervisor; the one-time code is the sandbox's.
    operators: SANDBOX_OPERATORS.map((operator) => ({ username: operator.username, password: operator.password, roles: operator.roles, otp: SANDBOX_OTP })),
    msisdns: identifiers.map((mapping) => ({
      msisdn: mapping.idValue,
      tenantId: mapping.tenantId,
      fspId: fspOf(mapping.tenantId),
      accountId: mapping.accountId,
      owner: psus.find((psu) => psu.id === accounts.find((account) => account.id === mapping.accountId)?.psuId)?.fullName,
    })),
  };
}
