// SPDX-License-Identifier: Apache-2.0
// `npm start`: loads the configuration, starts every configured role, and stops cleanly on SIGTERM/SIGINT.
// Start-up failures end in one line on stderr naming the cause and a non-zero exit code (2 for configuration).
import { ConfigError, LangoError } from '../platform/errors/index.js';
import { loadConfig, type LangoConfig } from '../platform/config/index.js';
import { createLogger, type Logger } from '../platform/log/index.js';
import { startBanner } from './banner.js';
import { startLango } from './start.js';

const EXIT_CONFIG = 2;
const EXIT_STARTUP = 1;

function fail(message: string, code: number, logger?: Logger, error?: unknown): never {
  logger?.fatal({ err: error }, message);
  process.stderr.write(`lango: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: LangoConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, EXIT_CONFIG);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  // A bug that escapes every handler must leave a trace in the log, not only a stack on stderr.
  process.on('unhandledRejection', (reason) => fail(`unhandled rejection: ${(reason as Error)?.message ?? String(reason)}`, EXIT_STARTUP, logger, reason));
  process.on('uncaughtException', (error) => fail(`uncaught exception: ${error.message}`, EXIT_STARTUP, logger, error));
  let running;
  try {
    running = await startLango(config, logger);
  } catch (error) {
    const message = error instanceof LangoError && error.code !== 'INTERNAL' ? error.message : `start-up failed: ${(error as Error).message}`;
    fail(message, EXIT_STARTUP, logger, error);
  }

  if (process.stdout.isTTY) process.stdout.write(startBanner(running.urls));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received');
    const { clean } = await running.stop();
    process.exit(clean ? 0 : EXIT_STARTUP);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => fail(`start-up failed: ${(error as Error).message}`, EXIT_STARTUP, undefined, error));
