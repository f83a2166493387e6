// SPDX-License-Identifier: Apache-2.0
export { createLogger, REDACTED_PATHS, type Logger, type LoggerSettings } from './logger.js';
