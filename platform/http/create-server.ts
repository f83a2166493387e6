// SPDX-License-Identifier: Apache-2.0
import type { SecureContextOptions } from 'node:tls';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { LangoError, StartupError, toLangoError, type ErrorCode } from '../errors/lango-error.js';
import { renderError, type ErrorDialect } from '../errors/dialects/index.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { requestIdOf } from './request-id.js';

export interface HttpServerSettings {
  /** Listener name, used in logs and metrics. */
  name: string;
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  /** TLS options (certificate, key, client CA, requestCert) for an HTTPS listener. */
  https?: SecureContextOptions & { requestCert?: boolean; rejectUnauthorized?: boolean; minVersion?: 'TLSv1.2' | 'TLSv1.3' };
  /** Which API error model answers a failing request; chosen by path since one listener serves several APIs. */
  dialectFor(url: string): ErrorDialect;
}

// Fastify's own failures, translated to Lango codes so every API answers them in its own error model.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_SYNTAX',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_SYNTAX',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_SYNTAX',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

function asLangoError(error: unknown): LangoError {
  const code = (error as FastifyError | undefined)?.code;
  if (code && FASTIFY_CODES[code]) return new LangoError(FASTIFY_CODES[code], (error as Error).message, { cause: error });
  if ((error as SyntaxError) instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
    return new LangoError('MALFORMED_SYNTAX', 'the body is not valid JSON', { cause: error });
  }
  return toLangoError(error);
}

/** Sends an error in the dialect of the API the request was for. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown, dialect: ErrorDialect): FastifyReply {
  const lango = asLangoError(error);
  const rendered = renderError(dialect, lango);
  if (rendered.status >= 500) request.log.error({ err: error, code: lango.code }, 'request failed');
  else request.log.info({ code: lango.code, reason: lango.message }, 'request refused');
  return reply.status(rendered.status).headers(rendered.headers ?? {}).type(rendered.contentType).send(rendered.body);
}

/**
 * Builds a fastify instance for one listener: request ids, redacted request logs, latency metrics, and
 * errors (including 404s and body-parser failures) rendered in the error model of the API addressed.
 */
export function createHttpServer(settings: HttpServerSettings): FastifyInstance {
  const server = Fastify({
    loggerInstance: settings.logger.child({ listener: settings.name }),
    genReqId: requestIdOf,
    // Fastify's own per-request lines are off: the onResponse hook below writes one line with the route.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: settings.bodyLimitBytes,
    // Graceful close: stop accepting, answer 503 on reused connections, let in-flight requests finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...(settings.https && { https: settings.https }),
  }) as unknown as FastifyInstance;

  server.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-ID', request.id);
  });
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    settings.metrics.httpRequestDuration
      .labels(settings.name, request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    request.log.info({ method: request.method, route, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  server.setErrorHandler((error, request, reply) => {
    settings.metrics.httpRequestErrors.labels(settings.name, asLangoError(error).code).inc();
    return sendError(request, reply, error, settings.dialectFor(request.url));
  });
  server.setNotFoundHandler((request, reply) => {
    const error = new LangoError('ROUTE_NOT_FOUND', `no endpoint ${request.method} ${request.url.split('?')[0]} on this listener`);
    settings.metrics.httpRequestErrors.labels(settings.name, error.code).inc();
    return sendError(request, reply, error, settings.dialectFor(request.url));
  });
  return server;
}

/** Binds a listener; a taken port or a bad address stops start-up with one line naming the listener. */
export async function listen(server: FastifyInstance, name: string, host: string, port: number, option: string): Promise<number> {
  try {
    await server.listen({ host, port, listenTextResolver: (address) => `listening on ${address}` });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EADDRNOTAVAIL' ? 'address not available on this machine' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new StartupError(`${name} listener cannot bind ${host}:${port}: ${reason} (${code ?? 'error'}; set ${option})`, { code: 'LISTENER_BIND_FAILED', cause: error });
  }
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
