// SPDX-License-Identifier: Apache-2.0
/* global window, document -- browser modules; eslint.config.js declares node globals only */
// The approvals queue (maker-checker): pending actions with Approve / Reject for those this operator may decide,
// and the decided ones below (GET /api/v1/approvals, POST /api/v1/approvals/{actionId}/approve|reject).
//
// Test ids (id = data-testid):
//   #pending-table, rows [data-testid=approval-row][data-action-id][data-action][data-can-decide]; in a row the
//   buttons [data-testid=approve] and [data-testid=reject] (only when canDecide), and the link
//   [data-testid=approval-transfer-link]; #pending-table-empty
//   the decision form #decision-form (data-action-id, data-decision) with #decision-reason, #decision-submit,
//   #decision-cancel, #decision-error; after a decision the page reloads and shows #decision-result
//   #decided-table, rows [data-testid=decided-row][data-action-id][data-status]; #decided-status (filter of the
//   decided list: EXECUTED | REJECTED | FAILED), #decided-page-prev, #decided-page-info, #decided-page-next
import { API, getJson, postJson, queryString } from './api.js';
import { ACTIONS, historyColumns } from './columns.js';
import { clear, el, labelled, select, table } from './dom.js';
import { currentQuery, pager, reasonForm, section, startPage } from './layout.js';

const FLASH = 'lango-ops-decision-result';

function transferLink(a) {
  return el('a', { testid: 'approval-transfer-link', text: a.transferId ?? a.processInstanceKey, attrs: { href: `/transfers/${encodeURIComponent(a.processInstanceKey)}` } });
}

function decisionSlot() {
  const slot = el('div', { id: 'decision-slot' });
  const open = (action, decision) => {
    clear(slot);
    const label = ACTIONS[action.action]?.label ?? action.action;
    const form = reasonForm({
      prefix: 'decision', warning: decision === 'reject',
      legend: `${decision === 'approve' ? 'Approve' : 'Reject'} “${label}” on ${action.transferId ?? action.processInstanceKey}, requested by ${action.requestedBy}: ${action.reason}`,
      submitLabel: decision === 'approve' ? 'Approve' : 'Reject',
      onCancel: () => clear(slot),
      submit: async ({ reason }) => {
        const result = await postJson(`${API}/approvals/${encodeURIComponent(action.actionId)}/${decision}`, { reason });
        sessionStorage.setItem(FLASH, JSON.stringify({ label, status: result?.status ?? '' }));
        window.location.reload();
      },
    });
    form.dataset.actionId = action.actionId;
    form.dataset.decision = decision;
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
  const { label, status } = JSON.parse(stored);
  return el('p', { id: 'decision-result', testid: 'decision-result', className: 'ok-box', text: `${label}: ${status}.`, attrs: { role: 'status' }, dataset: { status } });
}

startPage(async (app) => {
  const query = currentQuery();
  const decidedStatus = ['EXECUTED', 'REJECTED', 'FAILED'].includes(query.status) ? query.status : 'EXECUTED';
  const [pending, decided] = await Promise.all([
    getJson(`${API}/approvals`, { status: 'PENDING_APPROVAL', size: 200 }),
    getJson(`${API}/approvals`, { status: decidedStatus, page: query.page, size: query.size }),
  ]);
  const { slot, open } = decisionSlot();
  const decideColumn = {
    label: 'Decide',
    value: (a) => (a.canDecide
      ? [
        el('button', { testid: 'approve', text: 'Approve', attrs: { type: 'button' }, on: { click: () => open(a, 'approve') } }), ' ',
        el('button', { testid: 'reject', className: 'warning', text: 'Reject', attrs: { type: 'button' }, on: { click: () => open(a, 'reject') } }),
      ]
      : el('span', { className: 'hint', text: a.approverTenantId ? `a supervisor of ${a.approverTenantId}` : 'another supervisor' })),
  };
  const linkColumn = { label: 'Transfer', value: transferLink };
  const tenantColumn = { label: 'Tenant / approver', value: (a) => `${a.tenantId ?? ''} → ${a.approverTenantId ?? ''}` };
  const statusSelect = select('decided-status', 'status', [['EXECUTED', 'Executed'], ['REJECTED', 'Rejected'], ['FAILED', 'Failed']], decidedStatus);
  statusSelect.addEventListener('change', () => window.location.assign(`/approvals${queryString({ status: statusSelect.value })}`));
  app.append(
    flash(),
    section('section-pending', 'Waiting for approval',
      slot,
      table({
        id: 'pending-table', rows: pending.items ?? [], empty: 'Nothing waits for approval.',
        columns: [decideColumn, linkColumn, tenantColumn, ...historyColumns.slice(0, 5)],
        rowProps: (a) => ({ testid: 'approval-row', dataset: { actionId: a.actionId, action: a.action, canDecide: Boolean(a.canDecide) } }),
      })),
    section('section-decided', 'Decided',
      labelled('Show', statusSelect),
      pager({ prefix: 'decided-page', page: decided.page ?? 1, size: decided.size ?? 20, total: decided.total ?? 0, hrefFor: (page) => `/approvals${queryString({ ...query, page })}` }),
      table({
        id: 'decided-table', rows: decided.items ?? [], empty: 'None.',
        columns: [linkColumn, tenantColumn, ...historyColumns],
        rowProps: (a) => ({ testid: 'decided-row', dataset: { actionId: a.actionId, status: a.status } }),
      })),
  );
});
