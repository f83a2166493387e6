// SPDX-License-Identifier: Apache-2.0
/* global window, document -- browser modules; eslint.config.js declares node globals only */
// One transfer: payer, payee, transfer; the BPMN diagram with the path taken; tasks, variables, incidents, the
// history of operator actions and audit entries; and the action panel (GET /api/v1/transfers/{key},
// GET /api/v1/processes/{id}/versions/{v}/xml, POST /api/v1/transfers/{key}/actions).
//
// Test ids (id = data-testid):
//   #section-payer, #section-payee, #section-transfer — each holds a <dl> (#payer-fields, #payee-fields,
//   #transfer-fields) whose <dd data-field="…"> carry idType, idValue, fspId, name, accountId / processInstanceKey,
//   transactionId, transferId, quoteId, amount, currency, payerFee, payeeFee, state, errorCode, errorDescription, …
//   #diagram (bpmn-js; data-ready="true" once drawn, "error" when not), #diagram-error; drawn elements carry
//   data-element-id and the marker classes lango-completed / lango-taken / lango-active / lango-failed
//   #tasks-table (rows [data-testid=task-row][data-element-id]), #variables-table (rows [data-testid=variable-row]
//   [data-name]), #incidents-table, #history-table (rows [data-testid=history-row][data-action][data-status]),
//   #audit-table (rows [data-testid=audit-row])
//   #actions (absent when the operator may do nothing), buttons #action-retry, #action-force-complete,
//   #action-force-fail, #action-manual-override, #action-recall; the form #action-form with #action-reason,
//   #action-variables (manual override), #action-submit, #action-cancel, #action-error; after the reload the
//   outcome in #action-result
import { API, getJson, getText, postJson } from './api.js';
import { applyMarkers, pathMarkers } from './bpmn-path.js';
import { clear, el, fields, formatDuration, formatTime, jsonValue, statusBadge, table } from './dom.js';
import { ACTIONS, auditColumns, historyColumns } from './columns.js';
import { reasonForm, section, startPage } from './layout.js';

const FLASH = 'lango-ops-action-result';

const key = decodeURIComponent(window.location.pathname.split('/').pop() ?? '');

function party(id, title, p = {}) {
  return el('div', { className: 'panel' }, section(id, title, fields(`${id.replace('section-', '')}-fields`, [
    ['Id type', p.idType, 'idType'], ['Id', p.idValue, 'idValue'], ['FSP id', p.fspId, 'fspId'], ['Name', p.name, 'name'], ['Account', p.accountId, 'accountId'],
  ])));
}

function transferSection(t) {
  const money = (amount) => (amount === undefined || amount === null ? '' : `${amount} ${t.currency ?? ''}`.trim());
  return el('div', { className: 'panel' }, section('section-transfer', 'Transfer', fields('transfer-fields', [
    ['Process instance', t.processInstanceKey, 'processInstanceKey'], ['Process', `${t.bpmnProcessId} v${t.version}`, 'bpmnProcessId'],
    ['Tenant', t.tenantId, 'tenantId'], ['Direction', t.direction, 'direction'],
    ['Transaction id', t.transactionId, 'transactionId'], ['Transfer id', t.transferId, 'transferId'], ['Quote id', t.quoteId, 'quoteId'],
    ['Transaction request', t.transactionRequestId, 'transactionRequestId'],
    ['Amount', t.amount, 'amount'], ['Currency', t.currency, 'currency'], ['Payer fee', money(t.payerFee), 'payerFee'], ['Payee fee', money(t.payeeFee), 'payeeFee'],
    ['State', [statusBadge(t.state, 'transfer-state'), t.incident ? el('span', { className: 'status status-incident', text: 'incident' }) : null], 'state'],
    ['Error code', t.errorCode, 'errorCode'], ['Error', t.errorDescription, 'errorDescription'],
    ['Started (UTC)', formatTime(t.startedAt), 'startedAt'], ['Completed (UTC)', formatTime(t.completedAt), 'completedAt'],
  ])));
}

async function drawDiagram(container, transfer, detail) {
  const error = document.getElementById('diagram-error');
  try {
    if (typeof window.BpmnJS !== 'function') throw new Error('the diagram viewer did not load');
    const xml = await getText(`${API}/processes/${encodeURIComponent(transfer.bpmnProcessId)}/versions/${encodeURIComponent(transfer.version)}/xml`);
    const viewer = new window.BpmnJS({ container });
    await viewer.importXML(xml);
    viewer.get('canvas').zoom('fit-viewport');
    const applied = applyMarkers(viewer, pathMarkers(detail.path, detail.incidents));
    container.dataset.markers = JSON.stringify(applied);
    container.dataset.ready = 'true';
  } catch (failure) {
    error.textContent = `The diagram cannot be shown: ${failure?.message ?? failure}`;
    error.hidden = false;
    container.dataset.ready = 'error';
  }
}

function diagramSection(transfer, detail) {
  const container = el('div', { id: 'diagram', testid: 'diagram', attrs: { role: 'img', 'aria-label': `BPMN diagram of ${transfer.bpmnProcessId} with the path taken` } });
  const error = el('p', { id: 'diagram-error', testid: 'diagram-error', className: 'error-box' });
  error.hidden = true;
  const legend = el('ul', { className: 'legend', id: 'diagram-legend' },
    el('li', { className: 'completed', text: 'completed / taken' }), el('li', { className: 'active', text: 'active' }), el('li', { className: 'failed', text: 'failed / incident' }));
  queueMicrotask(() => drawDiagram(container, transfer, detail));
  return section('section-diagram', 'Process', legend, error, container);
}

const tasksTable = (tasks) => table({
  id: 'tasks-table', empty: 'No task has run yet.', rows: tasks,
  rowProps: (t) => ({ testid: 'task-row', dataset: { elementId: t.elementId, state: t.state } }),
  columns: [
    { label: 'Name', value: (t) => t.name ?? t.elementId },
    { label: 'Type', value: (t) => [t.bpmnElementType ?? '', t.jobType ? ` (${t.jobType})` : ''] },
    { label: 'State', value: (t) => statusBadge(t.state) },
    { label: 'Started (UTC)', value: (t) => formatTime(t.startedAt) },
    { label: 'Ended (UTC)', value: (t) => formatTime(t.endedAt) },
    { label: 'Duration', className: 'num', value: (t) => formatDuration(t.durationMs) },
    { label: 'Retries', className: 'num', value: (t) => (t.retries ?? '') },
    { label: 'Error', className: 'wrap', value: (t) => t.errorMessage ?? '' },
  ],
});

const variablesTable = (variables) => table({
  id: 'variables-table', empty: 'No variables.', rows: variables,
  rowProps: (v) => ({ testid: 'variable-row', dataset: { name: v.name } }),
  columns: [
    { label: 'Name', value: (v) => v.name },
    { label: 'Value', className: 'wrap', value: (v) => jsonValue(v.value) },
    { label: 'Scope', value: (v) => v.scopeKey ?? '' },
    { label: 'Updated (UTC)', value: (v) => formatTime(v.updatedAt) },
  ],
});

const incidentsTable = (incidents) => table({
  id: 'incidents-table', empty: 'No incidents.', rows: incidents,
  rowProps: (i) => ({ testid: 'incident-row', dataset: { incidentKey: i.incidentKey, state: i.state } }),
  columns: [
    { label: 'Incident', value: (i) => i.incidentKey },
    { label: 'Element', value: (i) => i.elementId },
    { label: 'Type', value: (i) => i.errorType },
    { label: 'Message', className: 'wrap', value: (i) => i.errorMessage ?? '' },
    { label: 'State', value: (i) => statusBadge(i.state) },
    { label: 'Created (UTC)', value: (i) => formatTime(i.createdAt) },
    { label: 'Resolved (UTC)', value: (i) => formatTime(i.resolvedAt) },
  ],
});

const historyTable = (history) => table({
  id: 'history-table', empty: 'No operator action on this transfer.', rows: history, columns: historyColumns,
  rowProps: (a) => ({ testid: 'history-row', dataset: { actionId: a.actionId, action: a.action, status: a.status } }),
});

const auditTable = (entries) => table({
  id: 'audit-table', empty: 'No audit entries about this transfer.', rows: entries, columns: auditColumns,
  rowProps: (e) => ({ testid: 'audit-row', dataset: { seq: e.seq, kind: e.kind } }),
});

function actionPanel(actions) {
  const slot = el('div', { id: 'action-slot' });
  const open = (action) => {
    clear(slot);
    const spec = ACTIONS[action] ?? { label: action, help: '' };
    const variables = action === 'manual-override'
      ? el('textarea', { id: 'action-variables', testid: 'action-variables', attrs: { name: 'variables', rows: 5, spellcheck: 'false' }, text: '{\n  \n}' })
      : null;
    const form = reasonForm({
      prefix: 'action', legend: `${spec.label}: ${spec.help}`, submitLabel: spec.label, warning: action === 'force-fail',
      extra: variables ? [el('label', { text: 'Variables (a JSON object)', attrs: { for: 'action-variables' } }), variables] : [],
      onCancel: () => clear(slot),
      submit: async ({ reason }) => {
        const body = { action, reason };
        if (variables) {
          let parsed;
          try {
            parsed = JSON.parse(variables.value);
          } catch {
            throw new Error('The variables are not valid JSON.');
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('The variables must be a JSON object.');
          body.variables = parsed;
        }
        const result = await postJson(`${API}/transfers/${encodeURIComponent(key)}/actions`, body);
        sessionStorage.setItem(FLASH, JSON.stringify({ key, action, status: result?.status ?? '' }));
        window.location.reload();
      },
    });
    form.dataset.action = action;
    slot.append(form);
    document.getElementById('action-reason')?.focus();
  };
  const buttons = actions.map((action) => el('button', {
    id: `action-${action}`, testid: `action-${action}`, className: action === 'force-fail' ? 'warning' : 'secondary',
    text: ACTIONS[action]?.label ?? action, attrs: { type: 'button' }, dataset: { action }, on: { click: () => open(action) },
  }));
  return el('div', { className: 'panel actions' }, section('actions', 'Actions', el('div', { className: 'buttons' }, buttons), slot));
}

/** The outcome of the action posted before the reload, once. */
function flash() {
  const stored = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  if (!stored) return null;
  const { key: of, action, status } = JSON.parse(stored);
  if (of !== key) return null;
  const text = status === 'PENDING_APPROVAL'
    ? `${ACTIONS[action]?.label ?? action} requested: it waits for a supervisor's approval.`
    : `${ACTIONS[action]?.label ?? action}: ${status}.`;
  return el('p', { id: 'action-result', testid: 'action-result', className: 'ok-box', text, attrs: { role: 'status' }, dataset: { status } });
}

startPage(async (app) => {
  const detail = await getJson(`${API}/transfers/${encodeURIComponent(key)}`);
  const t = detail.transfer;
  document.getElementById('page-title').textContent = `Transfer ${t.transactionId ?? t.transferId ?? t.processInstanceKey}`;
  document.title = `Transfer ${t.transactionId ?? t.processInstanceKey} – Lango Operations`;
  app.append(
    flash() ?? '',
    (detail.actions ?? []).length ? actionPanel(detail.actions) : '',
    el('div', { className: 'sections' }, party('section-payer', 'Payer', t.payer), party('section-payee', 'Payee', t.payee), transferSection(t)),
    diagramSection(t, detail),
    section('section-tasks', 'Task list', tasksTable(detail.tasks ?? [])),
    section('section-incidents', 'Incidents', incidentsTable(detail.incidents ?? [])),
    section('section-history', 'Operator actions', historyTable(detail.history ?? [])),
    section('section-variables', 'Variables', variablesTable(detail.variables ?? [])),
    section('section-audit', 'Audit entries', auditTable(detail.audit ?? [])),
  );
});
