// SPDX-License-Identifier: Apache-2.0
// The audit log: paged entries newest first, filters kind / from / to (GET /api/v1/audit); for supervisors the
// exports (JSONL, CSV) and the chain check (GET /api/v1/audit/export, /api/v1/audit/verify).
//
// Test ids (id = data-testid):
//   #audit-filter (form) with #filter-kind, #filter-from, #filter-to (UTC), #audit-search
//   #audit-table, rows [data-testid=audit-row][data-seq][data-kind]; #audit-table-empty
//   #page-prev, #page-info, #page-next
//   supervisors only: #export-jsonl, #export-csv, #verify-chain; the result in #verify-result
//   (data-ok="true" | "false", text "Chain intact: 12 entries." or "Chain broken at entry 7: …")
import { API, getJson, queryString } from './api.js';
import { auditColumns } from './columns.js';
import { el, labelled, select, table, utcIso } from './dom.js';
import { currentQuery, headerRoles, pager, section, startPage } from './layout.js';

const KINDS = [['', 'Any kind'], ['operator-action', 'Operator actions'], ['consent', 'Consents'], ['api-call', 'API calls']];

function verifyPanel() {
  const result = el('p', { id: 'verify-result', testid: 'verify-result', attrs: { role: 'status' } });
  result.hidden = true;
  const button = el('button', { id: 'verify-chain', testid: 'verify-chain', className: 'secondary', text: 'Verify chain', attrs: { type: 'button' } });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.hidden = true;
    try {
      const outcome = await getJson(`${API}/audit/verify`);
      result.dataset.ok = String(Boolean(outcome.ok));
      result.className = outcome.ok ? 'ok-box' : 'error-box';
      result.textContent = outcome.ok
        ? `Chain intact: ${outcome.entries} entries.`
        : `Chain broken at entry ${outcome.brokenAt}: ${outcome.reason ?? 'hash mismatch'} (${outcome.entries} entries checked).`;
    } catch (error) {
      result.dataset.ok = 'false';
      result.className = 'error-box';
      result.textContent = `${error.message}${error.code ? ` (${error.code})` : ''}`;
    } finally {
      result.hidden = false;
      button.disabled = false;
    }
  });
  return { button, result };
}

startPage(async (app) => {
  const query = currentQuery();
  const range = { from: utcIso(query.from), to: utcIso(query.to) };
  const page = await getJson(`${API}/audit`, { kind: query.kind, ...range, page: query.page, size: query.size });
  const supervisor = Object.values(headerRoles()).includes('supervisor');
  const time = (name, label) => labelled(label, el('input', { id: `filter-${name}`, testid: `filter-${name}`, attrs: { type: 'datetime-local', step: 1, name, value: query[name] ?? '' } }));
  let tools = null;
  if (supervisor) {
    const { button, result } = verifyPanel();
    tools = section('section-trail', 'Export and verify',
      el('div', { className: 'buttons' },
        el('a', { id: 'export-jsonl', testid: 'export-jsonl', className: 'button secondary', text: 'Export JSONL', attrs: { href: `${API}/audit/export${queryString({ format: 'jsonl', ...range })}`, download: 'audit.jsonl' } }),
        el('a', { id: 'export-csv', testid: 'export-csv', className: 'button secondary', text: 'Export CSV', attrs: { href: `${API}/audit/export${queryString({ format: 'csv', ...range })}`, download: 'audit.csv' } }),
        button),
      result);
  }
  app.append(
    el('form', { id: 'audit-filter', testid: 'audit-filter', className: 'panel filters', attrs: { method: 'get', action: '/audit' } },
      labelled('Kind', select('filter-kind', 'kind', KINDS, query.kind)),
      time('from', 'From (UTC)'), time('to', 'To (UTC)'),
      el('div', { className: 'buttons' }, el('button', { id: 'audit-search', testid: 'audit-search', text: 'Show', attrs: { type: 'submit' } }))),
    tools,
    pager({ page: page.page ?? 1, size: page.size ?? 20, total: page.total ?? 0, hrefFor: (target) => `/audit${queryString({ ...query, page: target })}` }),
    table({
      id: 'audit-table', rows: page.items ?? [], columns: auditColumns, empty: 'No audit entry in this range.',
      rowProps: (e) => ({ testid: 'audit-row', dataset: { seq: e.seq, kind: e.kind } }),
    }),
  );
});
