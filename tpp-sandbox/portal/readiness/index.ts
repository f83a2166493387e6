// SPDX-License-Identifier: Apache-2.0
// The developer portal's readiness checks (issue 8): a TPP runs its own client through discovery, registration,
// tokens, mTLS, AIS and PIS at a sandbox bank, and gets a report it can download.
export * from './readiness.js';
export { runReadinessChecks } from './run-readiness-checks.js';
export { reportAsJson, reportAsText } from './report-format.js';
export { READINESS_STEPS, type CheckId, type ReadinessStep } from './steps.js';
export { CheckFailedError } from './errors.js';
