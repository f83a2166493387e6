// SPDX-License-Identifier: Apache-2.0
/* global window -- browser modules; eslint.config.js declares node globals only */
// Transfers: search, sortable list, paging, CSV export (GET /api/v1/transfers, /api/v1/transfers/export.csv).
// The search form is a plain GET form on /transfers, so every search, sort and page is a URL (back button, links).
//
// Test ids (id = data-testid):
//   #search-form, #search, #search-reset; filters #filter-<name> for payerId, payeeId, payeeFspId, payeeName,
//   transactionId, state, direction, currency, amountMin, amountMax, startedFrom, startedTo, tenantId, incident
//   #transfers-table, its rows [data-testid=transfer-row][data-process-instance-key], row links
//   [data-testid=transfer-link]; #transfers-table-empty when nothing matches
//   sortable headers' links #sort-startedAt, #sort-completedAt, #sort-transactionId, #sort-amount (th has aria-sort)
//   #page-prev, #page-info ("1–20 of 123"), #page-next, #page-size, #export-csv
import { API, getJson, queryString } from './api.js';
import { el, formatTime, labelled, select, statusBadge, table, utcIso } from './dom.js';
import { currentQuery, pager, startPage, tenantOptions } from './layout.js';

const TEXT_FILTERS = [
  ['payerId', 'Payer id / MSISDN'], ['payeeId', 'Payee id / MSISDN'], ['payeeFspId', 'Payee FSP id'], ['payeeName', 'Payee name'],
  ['transactionId', 'Transaction id'], ['currency', 'Currency'], ['amountMin', 'Amount from'], ['amountMax', 'Amount to'],
];
const TIME_FILTERS = [['startedFrom', 'Started from (UTC)'], ['startedTo', 'Started to (UTC)']];
const STATES = [['', 'Any state'], ['IN_PROGRESS', 'In progress'], ['COMPLETED', 'Completed'], ['FAILED', 'Failed'], ['CANCELLED', 'Cancelled']];
const DIRECTIONS = [['', 'Any direction'], ['OUTBOUND', 'Outbound (we pay)'], ['INBOUND', 'Inbound (we are paid)'], ['ON_US', 'On us']];
const SIZES = ['10', '20', '50', '100'];
const FILTER_NAMES = ['tenantId', 'state', 'direction', 'incident', ...TEXT_FILTERS.map(([name]) => name), ...TIME_FILTERS.map(([name]) => name)];

/** The API query of the page's URL: filters (times as ISO), sort, order, page, size. */
function apiQuery(query, withPaging = true) {
  const api = {};
  for (const name of FILTER_NAMES) if (query[name]) api[name] = TIME_FILTERS.some(([time]) => time === name) ? utcIso(query[name]) : query[name];
  if (api.incident && api.incident !== 'true') delete api.incident;
  if (!withPaging) return api;
  return { ...api, sort: query.sort, order: query.order, page: query.page, size: query.size };
}

function searchForm(query) {
  const text = (name, label) => labelled(label, el('input', { id: `filter-${name}`, testid: `filter-${name}`, attrs: { name, value: query[name] ?? '', type: 'text', inputmode: name.startsWith('amount') ? 'decimal' : undefined } }));
  const time = (name, label) => labelled(label, el('input', { id: `filter-${name}`, testid: `filter-${name}`, attrs: { name, value: query[name] ?? '', type: 'datetime-local', step: 1 } }));
  const incident = el('input', { id: 'filter-incident', testid: 'filter-incident', attrs: { type: 'checkbox', name: 'incident', value: 'true', checked: query.incident === 'true' } });
  return el('form', { id: 'search-form', testid: 'search-form', className: 'panel filters', attrs: { method: 'get', action: '/transfers', role: 'search' } },
    TEXT_FILTERS.slice(0, 5).map(([name, label]) => text(name, label)),
    labelled('State', select('filter-state', 'state', STATES, query.state)),
    labelled('Direction', select('filter-direction', 'direction', DIRECTIONS, query.direction)),
    TEXT_FILTERS.slice(5).map(([name, label]) => text(name, label)),
    TIME_FILTERS.map(([name, label]) => time(name, label)),
    labelled('Tenant', select('filter-tenantId', 'tenantId', tenantOptions(), query.tenantId)),
    el('div', { className: 'field' }, el('label', { attrs: { for: incident.id } }, incident, ' With an open incident')),
    // Keep the chosen sort and page size across searches; a new search starts at page 1.
    query.sort ? el('input', { attrs: { type: 'hidden', name: 'sort', value: query.sort } }) : null,
    query.order ? el('input', { attrs: { type: 'hidden', name: 'order', value: query.order } }) : null,
    query.size ? el('input', { attrs: { type: 'hidden', name: 'size', value: query.size } }) : null,
    el('div', { className: 'buttons' },
      el('button', { id: 'search', testid: 'search', text: 'Search', attrs: { type: 'submit' } }),
      el('a', { id: 'search-reset', testid: 'search-reset', className: 'button secondary', text: 'Clear', attrs: { href: '/transfers' } })));
}

const pageHref = (query, changes) => `/transfers${queryString({ ...query, ...changes })}`;

/** A header that sorts by `key`: first click descending (newest / largest first), then toggles. */
function sortHeader(query, key, label, className) {
  const active = (query.sort ?? 'startedAt') === key;
  const order = active ? (query.order ?? 'desc') : undefined;
  const next = active && order === 'desc' ? 'asc' : 'desc';
  return el('th', { className, attrs: { scope: 'col', 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : 'none' } },
    el('a', { id: `sort-${key}`, testid: `sort-${key}`, text: `${label}${active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}`, attrs: { href: pageHref(query, { sort: key, order: next, page: undefined }) } }));
}

function transfersTable(query, items) {
  const columns = [
    { header: sortHeader(query, 'startedAt', 'Started (UTC)'), value: (t) => formatTime(t.startedAt) },
    { header: sortHeader(query, 'completedAt', 'Completed (UTC)'), value: (t) => formatTime(t.completedAt) },
    { header: sortHeader(query, 'transactionId', 'Transaction id'), value: (t) => el('a', { testid: 'transfer-link', text: t.transactionId ?? t.transferId ?? t.processInstanceKey, attrs: { href: `/transfers/${encodeURIComponent(t.processInstanceKey)}` } }) },
    { label: 'Payer id', value: (t) => t.payer?.idValue ?? '' },
    { label: 'Payee id', value: (t) => t.payee?.idValue ?? '' },
    { label: 'Payee FSP', value: (t) => t.payee?.fspId ?? '' },
    { label: 'Payee name', value: (t) => t.payee?.name ?? '' },
    { header: sortHeader(query, 'amount', 'Amount', 'num'), className: 'num', value: (t) => t.amount ?? '' },
    { label: 'Currency', value: (t) => t.currency ?? '' },
    { label: 'Status', value: (t) => [statusBadge(t.state), t.incident ? el('span', { className: 'status status-incident', text: 'incident' }) : null] },
    { label: 'Direction', value: (t) => t.direction ?? '' },
    { label: 'Tenant', value: (t) => t.tenantId ?? '' },
  ];
  return table({
    id: 'transfers-table', columns, rows: items, empty: 'No transfer matches this search.',
    rowProps: (t) => ({ testid: 'transfer-row', dataset: { processInstanceKey: t.processInstanceKey, state: t.state } }),
  });
}

startPage(async (app) => {
  const query = currentQuery();
  app.append(searchForm(query));
  const result = await getJson(`${API}/transfers`, apiQuery(query));
  const size = String(result.size ?? query.size ?? 20);
  const sizeSelect = select('page-size', 'size', SIZES.map((value) => [value, `${value} per page`]), SIZES.includes(size) ? size : '20');
  sizeSelect.addEventListener('change', () => window.location.assign(pageHref(query, { size: sizeSelect.value, page: undefined })));
  const exportHref = `${API}/transfers/export.csv${queryString({ ...apiQuery(query, false), sort: query.sort, order: query.order })}`;
  app.append(
    el('div', { className: 'pager' },
      pager({ page: result.page ?? 1, size: result.size ?? 20, total: result.total ?? 0, hrefFor: (page) => pageHref(query, { page }) }),
      labelled('Page size', sizeSelect),
      el('a', { id: 'export-csv', testid: 'export-csv', className: 'button secondary', text: 'Export CSV', attrs: { href: exportHref, download: 'transfers.csv' } })),
    transfersTable(query, result.items ?? []),
  );
});
