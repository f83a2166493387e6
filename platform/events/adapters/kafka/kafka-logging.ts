// SPDX-License-Identifier: Apache-2.0
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../../log/logger.js';

/**
 * Sends kafkajs's own log lines to Lango's logger. kafkajs logs routine group membership at INFO, so that
 * goes to debug and DEBUG to trace; WARN and ERROR keep their level.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      const line = { ...extra, kafkaNamespace: namespace };
      switch (level) {
        case logLevel.ERROR:
          logger.error(line, message);
          break;
        case logLevel.WARN:
          logger.warn(line, message);
          break;
        case logLevel.INFO:
          logger.debug(line, message);
          break;
        default:
          logger.trace(line, message);
      }
    };
}
