// SPDX-License-Identifier: Apache-2.0
/* global document, Node -- browser modules; eslint.config.js declares node globals only */
// DOM helpers of the operations UI. Every value reaches the page as a text node or an attribute set through the
// DOM, never as markup: nothing here (or in any page module) assigns innerHTML.

/**
 * Makes an element. `props`: id, className, testid (→ data-testid), text, attrs (name → value; undefined skipped),
 * dataset, on (event → listener). Children: nodes, strings (as text), arrays; null / undefined / false skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.className) node.className = props.className;
  if (props.testid) node.dataset.testid = props.testid;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) {
    if (value !== undefined && value !== null) node.dataset[name] = String(value);
  }
  for (const [event, listener] of Object.entries(props.on ?? {})) node.addEventListener(event, listener);
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

const pad = (n) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC (the deck's "Start Time (UTC)"), from an ISO string or epoch ms; '' when absent. */
export function formatTime(value) {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** `1.234 s`, `512 ms`, `3 min 4 s`; '' when absent. */
export function formatDuration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A state as a badge: `<span class="status status-COMPLETED" data-state="COMPLETED">COMPLETED</span>`. */
export function statusBadge(state, testid) {
  return el('span', { className: `status status-${state}`, text: state ?? '', testid, dataset: { state } });
}

/** A JSON value: short ones inline, long ones collapsed in a <details> showing their start. */
export function jsonValue(value, limit = 80) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const compact = value === undefined ? '' : JSON.stringify(value);
  if (compact.length <= limit) return el('code', { text: compact });
  return el('details', {}, el('summary', { text: `${compact.slice(0, limit)}…` }), el('pre', { text }));
}

/**
 * A table in a horizontally scrolling box. `columns`: { label, value(row) → string | Node, className?, sort? (a
 * header Node instead of the label) }. `rowProps(row)` gives each <tr>'s props (testid, dataset).
 */
export function table({ id, testid, columns, rows, rowProps, empty = 'Nothing to show.' }) {
  const head = el('thead', {}, el('tr', {}, columns.map((column) => column.header ?? el('th', { className: column.className, text: column.label, attrs: { scope: 'col' } }))));
  const body = el('tbody', {}, rows.map((row) => el('tr', rowProps ? rowProps(row) : {}, columns.map((column) => el('td', { className: column.className }, column.value(row))))));
  return el('div', { className: 'table-scroll' },
    el('table', { id, testid: testid ?? id }, head, body),
    rows.length === 0 ? el('p', { className: 'empty', testid: `${id}-empty`, text: empty }) : null);
}

/** A definition list of label → value pairs (values: strings or Nodes; absent ones shown empty). */
export function fields(id, pairs) {
  return el('dl', { id, className: 'fields', testid: id }, pairs.flatMap(([label, value, key]) => [
    el('dt', { text: label }),
    el('dd', { dataset: { field: key } }, value ?? ''),
  ]));
}

/** A select with `options` [[value, label]] and the current value selected. */
export function select(id, name, options, current) {
  return el('select', { id, testid: id, attrs: { name } }, options.map(([value, label]) => {
    const option = el('option', { text: label, attrs: { value } });
    if (value === (current ?? '')) option.selected = true;
    return option;
  }));
}

/** A labelled field: the label names the control by its id. */
export function labelled(label, control) {
  return el('div', { className: 'field' }, el('label', { text: label, attrs: { for: control.id } }), control);
}

/** A datetime-local value (no zone; the UI speaks UTC) as an ISO 8601 date-time in UTC; undefined when empty. */
export function utcIso(local) {
  if (!local) return undefined;
  const withSeconds = /T\d\d:\d\d$/.test(local) ? `${local}:00` : local;
  return /[zZ]|[+-]\d\d:\d\d$/.test(withSeconds) ? withSeconds : `${withSeconds}Z`;
}
