// SPDX-License-Identifier: Apache-2.0
/* global window -- browser modules; eslint.config.js declares node globals only */
// The dashboard: counts and amounts by state, success rate, latency percentiles, failures by error code
// (GET /api/v1/dashboard), with chart.js (the UMD build's global Chart): a doughnut of states, a bar of failures.
//
// Test ids (id = data-testid):
//   #dashboard-filter (form) with #filter-tenantId, #filter-from, #filter-to (UTC), #dashboard-search
//   figures #figure-total, #figure-success-rate, #figure-p50, #figure-p90, #figure-p99 (each .value holds the number)
//   #states-table (rows [data-testid=state-row][data-state]: count, amounts per currency)
//   #failures-table (rows [data-testid=failure-row][data-error-code])
//   charts: canvas #chart-states, canvas #chart-failures (data-ready="true" once drawn)
import { API, getJson } from './api.js';
import { el, formatDuration, labelled, select, table, utcIso } from './dom.js';
import { currentQuery, section, startPage, tenantOptions } from './layout.js';

const STATE_COLOURS = { COMPLETED: '#00703c', FAILED: '#d4351c', IN_PROGRESS: '#1d70b8', CANCELLED: '#505a5f' };

function figure(id, label, value) {
  return el('div', { className: 'figure', id, testid: id }, el('div', { className: 'hint', text: label }), el('div', { className: 'value', text: value }));
}

function chart(canvas, config) {
  if (typeof window.Chart !== 'function') {
    canvas.dataset.ready = 'error';
    canvas.replaceWith(el('p', { className: 'hint', text: 'Charts did not load; the table shows the same figures.' }));
    return;
  }
  // No animation: the figures are there at once (and tests need not wait).
  new window.Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: true, ...config.options } });
  canvas.dataset.ready = 'true';
}

startPage(async (app) => {
  const query = currentQuery();
  const figures = await getJson(`${API}/dashboard`, { tenantId: query.tenantId, from: utcIso(query.from), to: utcIso(query.to) });
  const time = (name, label) => labelled(label, el('input', { id: `filter-${name}`, testid: `filter-${name}`, attrs: { type: 'datetime-local', step: 1, name, value: query[name] ?? '' } }));
  const byState = figures.byState ?? [];
  const failures = figures.failuresByErrorCode ?? [];
  const latency = figures.latencyMs;
  const statesCanvas = el('canvas', { id: 'chart-states', testid: 'chart-states', attrs: { role: 'img', 'aria-label': 'Transfers by state' } });
  const failuresCanvas = el('canvas', { id: 'chart-failures', testid: 'chart-failures', attrs: { role: 'img', 'aria-label': 'Failed transfers by error code' } });
  app.append(
    el('form', { id: 'dashboard-filter', testid: 'dashboard-filter', className: 'panel filters', attrs: { method: 'get', action: '/dashboard' } },
      labelled('Tenant', select('filter-tenantId', 'tenantId', tenantOptions(), query.tenantId)),
      time('from', 'Started from (UTC)'), time('to', 'Started before (UTC)'),
      el('div', { className: 'buttons' }, el('button', { id: 'dashboard-search', testid: 'dashboard-search', text: 'Show', attrs: { type: 'submit' } }))),
    el('div', { className: 'figures' },
      figure('figure-total', 'Transfers', String(figures.total ?? 0)),
      figure('figure-success-rate', 'Success rate', figures.successRate === null || figures.successRate === undefined ? '–' : `${(figures.successRate * 100).toFixed(1)} %`),
      figure('figure-p50', 'Latency p50', latency ? formatDuration(latency.p50) : '–'),
      figure('figure-p90', 'Latency p90', latency ? formatDuration(latency.p90) : '–'),
      figure('figure-p99', 'Latency p99', latency ? formatDuration(latency.p99) : '–')),
    el('div', { className: 'charts' },
      el('div', { className: 'panel' }, section('section-states', 'By state', statesCanvas, table({
        id: 'states-table', rows: byState, empty: 'No transfers.',
        rowProps: (s) => ({ testid: 'state-row', dataset: { state: s.state } }),
        columns: [
          { label: 'State', value: (s) => s.state },
          { label: 'Count', className: 'num', value: (s) => String(s.count) },
          { label: 'Amounts', className: 'wrap', value: (s) => (s.amounts ?? []).map((a) => `${a.amount} ${a.currency}`).join(', ') },
        ],
      }))),
      el('div', { className: 'panel' }, section('section-failures', 'Failures by error code', failuresCanvas, table({
        id: 'failures-table', rows: failures, empty: 'No failed transfers.',
        rowProps: (f) => ({ testid: 'failure-row', dataset: { errorCode: f.errorCode } }),
        columns: [{ label: 'Error code', value: (f) => f.errorCode }, { label: 'Count', className: 'num', value: (f) => String(f.count) }],
      })))),
  );
  chart(statesCanvas, {
    type: 'doughnut',
    data: { labels: byState.map((s) => s.state), datasets: [{ data: byState.map((s) => s.count), backgroundColor: byState.map((s) => STATE_COLOURS[s.state] ?? '#b1b4b6') }] },
    options: { plugins: { legend: { position: 'bottom' } } },
  });
  chart(failuresCanvas, {
    type: 'bar',
    data: { labels: failures.map((f) => f.errorCode), datasets: [{ label: 'Failed transfers', data: failures.map((f) => f.count), backgroundColor: '#d4351c' }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
});
