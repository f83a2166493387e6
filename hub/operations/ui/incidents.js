// SPDX-License-Identifier: Apache-2.0
// The incidents queue: active incidents with their transfer, newest first (GET /api/v1/incidents?state=ACTIVE).
//
// Test ids (id = data-testid):
//   #incidents-filter (form), #filter-state (ACTIVE | RESOLVED), #filter-tenantId, #incidents-search
//   #incidents-table, rows [data-testid=incident-row][data-incident-key][data-process-instance-key], each with a
//   link [data-testid=incident-transfer-link] to /transfers/{processInstanceKey}; #incidents-table-empty
//   #page-prev, #page-info, #page-next
import { API, getJson, queryString } from './api.js';
import { el, formatTime, labelled, select, statusBadge, table } from './dom.js';
import { currentQuery, pager, startPage, tenantOptions } from './layout.js';

startPage(async (app) => {
  const query = currentQuery();
  const state = query.state === 'RESOLVED' ? 'RESOLVED' : 'ACTIVE';
  const result = await getJson(`${API}/incidents`, { state, tenantId: query.tenantId, page: query.page, size: query.size });
  app.append(
    el('form', { id: 'incidents-filter', testid: 'incidents-filter', className: 'panel filters', attrs: { method: 'get', action: '/incidents' } },
      labelled('State', select('filter-state', 'state', [['ACTIVE', 'Active'], ['RESOLVED', 'Resolved']], state)),
      labelled('Tenant', select('filter-tenantId', 'tenantId', tenantOptions(), query.tenantId)),
      el('div', { className: 'buttons' }, el('button', { id: 'incidents-search', testid: 'incidents-search', text: 'Show', attrs: { type: 'submit' } }))),
    pager({ page: result.page ?? 1, size: result.size ?? 20, total: result.total ?? 0, hrefFor: (page) => `/incidents${queryString({ ...query, page })}` }),
    table({
      id: 'incidents-table', rows: result.items ?? [], empty: state === 'ACTIVE' ? 'No active incident.' : 'No resolved incident.',
      rowProps: (i) => ({ testid: 'incident-row', dataset: { incidentKey: i.incidentKey, processInstanceKey: i.processInstanceKey } }),
      columns: [
        { label: 'Created (UTC)', value: (i) => formatTime(i.createdAt) },
        { label: 'Transfer', value: (i) => el('a', { testid: 'incident-transfer-link', text: i.transfer?.transactionId ?? i.processInstanceKey, attrs: { href: `/transfers/${encodeURIComponent(i.processInstanceKey)}` } }) },
        { label: 'Tenant', value: (i) => i.tenantId ?? i.transfer?.tenantId ?? '' },
        { label: 'Process', value: (i) => i.bpmnProcessId ?? '' },
        { label: 'Element', value: (i) => i.elementId },
        { label: 'Error type', value: (i) => i.errorType },
        { label: 'Message', className: 'wrap', value: (i) => i.errorMessage ?? '' },
        { label: 'Amount', className: 'num', value: (i) => (i.transfer?.amount ? `${i.transfer.amount} ${i.transfer.currency ?? ''}` : '') },
        { label: 'Transfer state', value: (i) => (i.transfer ? statusBadge(i.transfer.state) : '') },
        { label: 'State', value: (i) => statusBadge(i.state) },
        { label: 'Resolved (UTC)', value: (i) => formatTime(i.resolvedAt) },
      ],
    }),
  );
});
