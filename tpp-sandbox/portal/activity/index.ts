// SPDX-License-Identifier: Apache-2.0
// The developer portal's per-application API activity (issue 8): calls, errors, latency and quota use, projected
// from the gateway's audit records. The portal passes only its team's own client ids.
export * from './api-activity.js';
export * from './errors.js';
export { startApiActivity, callOf, DEFAULT_ACTIVITY_GROUP, DEFAULT_RETENTION_DAYS, type ApiActivitySettings, type RunningApiActivity } from './api-activity-feed.js';
export { openSqlApiActivity } from './adapters/sql/sql-api-activity.js';
