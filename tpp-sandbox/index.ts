// SPDX-License-Identifier: Apache-2.0
// The tpp-sandbox context: sandbox data, the manifest, and (in later issues) the portal and simulators.
export { SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_OPERATORS, SANDBOX_OTP, SANDBOX_SEED_VERSION, SANDBOX_CURRENCY, type SandboxBank, type SandboxPsu, type SandboxAccount, type SandboxOperator } from './sandbox-data.js';
export type { SandboxDirectory, StoredAccount, StoredPsu, IdentifierMapping, SeedOutcome } from './sandbox-directory.js';
export { openSqlSandboxDirectory } from './adapters/sql/sql-sandbox-directory.js';
export { buildManifest, type ListenerUrls } from './manifest.js';
export { sandboxRoutes, type SandboxRoutesOptions } from './http/sandbox-routes.js';
export { ensureDemoClients, AGGREGATOR_CALLBACK_PATH, DEMO_TPP_ID, DEMO_CHANNEL_APP_ID, DEMO_TPP_REDIRECT_URI, OPERATIONS_CLIENT_ID, type DemoClientOptions, type DemoClient, type DemoClientStore } from './demo-clients.js';
export { openSqlDemoClientStore } from './adapters/sql/sql-demo-clients.js';
export { sandboxOneTimeCodes } from './sandbox-otp.js';
export * from './simulators/fineract/index.js';
export { openSwitchSimulator, SWITCH_FSP_ID, type SwitchSimulator, type SwitchSimulatorOptions, type ParticipantRegistration, type ParticipantView, type Fault, type FaultKind, type LoggedMessage } from './simulators/switch/index.js';
export { seedSandboxPayments, SANDBOX_NET_DEBIT_CAP, type PaymentsSeedTargets } from './payments-seed.js';
export { ensureDemoTppCertificates, ensureSandboxBankSeal, DEMO_TPP_ORGANISATION, SANDBOX_ASPSP_ORGANISATION, type DemoTppCertificates } from './demo-certificates.js';
export { demoAppRoutes, DEMO_APP_PATHS, type DemoAppOptions } from './demo-apps/index.js';
export { openPortal, type Portal, type PortalOptions } from './portal/open-portal.js';
export { productionReviewExtension } from './portal/http/production-review-routes.js';
