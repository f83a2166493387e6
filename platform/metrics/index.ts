// SPDX-License-Identifier: Apache-2.0
export { createMetrics, type Metrics } from './metrics.js';
