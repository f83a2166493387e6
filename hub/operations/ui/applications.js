// SPDX-License-Identifier: Apache-2.0
/* global window, document -- browser modules; eslint.config.js declares node globals only */
// Production access: developer-portal teams ask a bank to let an application into production; the bank's
// operators see the requests made to their banks, and a supervisor of that bank approves or rejects with a reason
// (kept in the audit trail, shown to the team on the portal). GET /api/v1/production-requests,
// POST /api/v1/production-requests/{id}/decision { approve, reason }.
//
// Test ids (id = data-testid):
//   #pending-table, rows [data-testid=production-row][data-request-id][data-tenant][data-can-decide]; in a row the
//   buttons [data-testid=approve] and [data-testid=reject] (only when canDecide); #pending-table-empty
//   the decision form #decision-form (data-request-id, data-decision) with #decision-reason, #decision-submit,
//   #decision-cancel, #decision-error; after a decision the page reloads and shows #decision-result[data-status]
//   #decided-table, rows [data-testid=decided-row][data-request-id][data-tenant][data-status]; #decided-table-empty
import { API, getJson, postJson } from './api.js';
import { clear, el, formatTime, statusBadge, table } from './dom.js';
import { reasonForm, section, startPage } from './layout.js';

const FLASH = 'lango-ops-production-decision';

function decisionSlot() {
  const slot = el('div', { id: 'decision-slot' });
  const open = (request, approve) => {
    clear(slot);
    const form = reasonForm({
      prefix: 'decision', warning: !approve,
      legend: `${approve ? 'Approve' : 'Reject'} production access to ${request.tenantId} for “${request.applicationName}” of ${request.organisationName}`
        + (request.note ? `: ${request.note}` : ''),
      submitLabel: approve ? 'Approve' : 'Reject',
      onCancel: () => clear(slot),
      submit: async ({ reason }) => {
        const result = await postJson(`${API}/production-requests/${encodeURIComponent(request.id)}/decision`, { approve, reason });
        // The list is reloaded from the server, so the outcome survives the reload in sessionStorage, shown once.
        sessionStorage.setItem(FLASH, JSON.stringify({ application: request.applicationName, tenantId: request.tenantId, status: result?.status ?? '' }));
        window.location.reload();
      },
    });
    form.dataset.requestId = request.id;
    form.dataset.decision = approve ? 'approve' : 'reject';
    slot.append(form);
    slot.scrollIntoView({ block: 'nearest' });
    document.getElementById('decision-reason')?.focus();
  };
  return { slot, open };
}

function flash() {
  const stored = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  if (!stored) return '';
  const { application, tenantId, status } = JSON.parse(stored);
  return el('p', { id: 'decision-result', testid: 'decision-result', className: 'ok-box', text: `${application} at ${tenantId}: ${status}.`, attrs: { role: 'status' }, dataset: { status } });
}

const requestColumns = [
  { label: 'Organisation', value: (r) => r.organisationName ?? r.organisationId ?? '' },
  { label: 'Application', value: (r) => r.applicationName ?? r.applicationId ?? '' },
  { label: 'Bank', value: (r) => r.tenantId ?? '' },
  { label: 'Note', className: 'wrap', value: (r) => r.note ?? '' },
  { label: 'Requested (UTC)', value: (r) => formatTime(r.requestedAt) },
  { label: 'Requested by', value: (r) => r.requestedBy ?? '' },
];

startPage(async (app) => {
  const { items = [] } = await getJson(`${API}/production-requests`);
  const pending = items.filter((r) => r.status === 'PENDING');
  const decided = items.filter((r) => r.status !== 'PENDING');
  const { slot, open } = decisionSlot();
  const decideColumn = {
    label: 'Decide',
    value: (r) => (r.canDecide
      ? [
        el('button', { testid: 'approve', text: 'Approve', attrs: { type: 'button' }, on: { click: () => open(r, true) } }), ' ',
        el('button', { testid: 'reject', className: 'warning', text: 'Reject', attrs: { type: 'button' }, on: { click: () => open(r, false) } }),
      ]
      : el('span', { className: 'hint', text: `a supervisor of ${r.tenantId}` })),
  };
  app.append(
    flash(),
    section('section-pending', 'Waiting for a decision',
      slot,
      table({
        id: 'pending-table', rows: pending, empty: 'No application waits for production access.',
        columns: [decideColumn, ...requestColumns],
        rowProps: (r) => ({ testid: 'production-row', dataset: { requestId: r.id, tenant: r.tenantId, canDecide: Boolean(r.canDecide) } }),
      })),
    section('section-decided', 'Decided',
      table({
        id: 'decided-table', rows: decided, empty: 'None.',
        // The decision first: the request's own columns are what a reviewer scrolls sideways for.
        columns: [
          { label: 'Status', value: (r) => statusBadge(r.status) },
          ...requestColumns.slice(0, 3),
          { label: 'Decided by', value: (r) => r.decidedBy ?? '' },
          { label: 'Decided (UTC)', value: (r) => formatTime(r.decidedAt) },
          { label: 'Reason', className: 'wrap', value: (r) => r.decisionReason ?? '' },
          ...requestColumns.slice(3),
        ],
        rowProps: (r) => ({ testid: 'decided-row', dataset: { requestId: r.id, tenant: r.tenantId, status: r.status } }),
      })),
  );
});
