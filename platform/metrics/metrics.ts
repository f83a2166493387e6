// SPDX-License-Identifier: Apache-2.0
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process; contexts add their own metrics to it. */
export interface Metrics {
  readonly registry: Registry;
  /** Request latency per listener, route pattern (never the raw URL: ids would explode cardinality) and status. */
  readonly httpRequestDuration: Histogram<'listener' | 'method' | 'route' | 'status'>;
  readonly httpRequestErrors: Counter<'listener' | 'code'>;
  /** Registers a gauge computed at scrape time (lag, pool sizes). */
  gauge(name: string, help: string, labelNames: readonly string[], collect: (gauge: Gauge<string>) => Promise<void> | void): Gauge<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'lango' });
  collectDefaultMetrics({ register: registry, prefix: 'lango_' });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'lango_http_request_duration_seconds',
      help: 'HTTP request latency in seconds by listener, method, route pattern and status code',
      labelNames: ['listener', 'method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    httpRequestErrors: new Counter({
      name: 'lango_http_request_errors_total',
      help: 'HTTP requests answered with an error, by listener and Lango error code',
      labelNames: ['listener', 'code'],
      registers: [registry],
    }),
    gauge(name, help, labelNames, collect) {
      return new Gauge({
        name, help, labelNames, registers: [registry],
        async collect() {
          await collect(this);
        },
      });
    },
  };
}
