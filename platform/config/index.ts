// SPDX-License-Identifier: Apache-2.0
export { loadConfig, type LangoConfig, type ListenerConfig } from './load-config.js';
export { LISTENERS, OPTIONS, ROLES, ROLE_LISTENERS, TEST_ENV_PREFIX, type ListenerName, type Role } from './schema.js';
export { renderOptionsTable, OPTIONS_TABLE_BEGIN, OPTIONS_TABLE_END } from './docs.js';
