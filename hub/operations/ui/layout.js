// SPDX-License-Identifier: Apache-2.0
/* global window, document -- browser modules; eslint.config.js declares node globals only */
// The shared layout. The server renders the header (nav, the operator's name and roles per tenant, #logout);
// this module wires sign-out, and runs a page's render function into #app with errors shown in #page-error.
import { logout, showError } from './api.js';
import { clear, el } from './dom.js';

/** The operator's roles as the header lists them: tenant id → role. */
export function headerRoles() {
  const roles = {};
  for (const item of document.querySelectorAll('#operator-roles li[data-tenant]')) roles[item.dataset.tenant] = item.dataset.role;
  return roles;
}

/** The operator's name as the header shows it. */
export function headerUsername() {
  return document.getElementById('operator-name')?.textContent ?? '';
}

/** Options of a tenant filter: every tenant, then each of the operator's. */
export function tenantOptions() {
  return [['', 'All my tenants'], ...Object.keys(headerRoles()).map((tenant) => [tenant, tenant])];
}

/**
 * Starts a page: `render(app)` fills #app (it may be async); #app's aria-busy ends when it is done, and
 * `document.body.dataset.ready` becomes "true" (or "error") so tests know when to look.
 */
export function startPage(render) {
  const start = async () => {
    document.getElementById('logout')?.addEventListener('click', () => logout().catch(showError));
    const app = document.getElementById('app');
    try {
      clear(app);
      await render(app);
      document.body.dataset.ready = 'true';
    } catch (error) {
      showError(error);
      document.body.dataset.ready = 'error';
    } finally {
      app.removeAttribute('aria-busy');
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

/** A section with a heading: `<section id=…><h2>title</h2>…</section>`. */
export function section(id, title, ...children) {
  return el('section', { id, testid: id, attrs: { 'aria-labelledby': `${id}-title` } }, el('h2', { id: `${id}-title`, text: title }), children);
}

/**
 * A form asking for a reason (at least 5 characters, the API's rule), with optional extra fields; `submit(values)`
 * runs on submit, its error shown in the form. `prefix` makes the ids: `<prefix>-form`, `<prefix>-reason`,
 * `<prefix>-submit`, `<prefix>-cancel`, `<prefix>-error`.
 */
export function reasonForm({ prefix, legend, submitLabel, extra = [], submit, onCancel, warning = false }) {
  const reason = el('textarea', { id: `${prefix}-reason`, testid: `${prefix}-reason`, attrs: { name: 'reason', required: true, minlength: 5, rows: 2 } });
  const error = el('p', { id: `${prefix}-error`, testid: `${prefix}-error`, className: 'error-box', attrs: { role: 'alert' } });
  error.hidden = true;
  const button = el('button', { id: `${prefix}-submit`, testid: `${prefix}-submit`, className: warning ? 'warning' : '', text: submitLabel, attrs: { type: 'submit' } });
  const form = el('form', { id: `${prefix}-form`, testid: `${prefix}-form`, attrs: { novalidate: true } },
    el('fieldset', {}, el('legend', { text: legend }),
      el('label', { text: 'Reason (at least 5 characters, kept in the audit trail)', attrs: { for: reason.id } }), reason,
      extra,
      error,
      el('div', { className: 'buttons' }, button,
        onCancel ? el('button', { id: `${prefix}-cancel`, testid: `${prefix}-cancel`, className: 'secondary', text: 'Cancel', attrs: { type: 'button' }, on: { click: onCancel } }) : null)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (reason.value.trim().length < 5) {
      error.textContent = 'Give a reason of at least 5 characters.';
      error.hidden = false;
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      await submit({ reason: reason.value.trim(), form });
    } catch (failure) {
      error.textContent = failure?.code ? `${failure.message} (${failure.code})` : String(failure?.message ?? failure);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Paging controls: "1–20 of 123", previous / next links (hrefs from `hrefFor(page)`). */
export function pager({ page, size, total, hrefFor, prefix = 'page' }) {
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  const link = (id, label, target, enabled) => enabled
    ? el('a', { id, testid: id, className: 'button secondary', text: label, attrs: { href: hrefFor(target) } })
    : el('span', { id, testid: id, className: 'button secondary', text: label, attrs: { 'aria-disabled': 'true' } });
  return el('nav', { className: 'pager', attrs: { 'aria-label': 'Pages' } },
    link(`${prefix}-prev`, '‹ Previous', page - 1, page > 1),
    el('span', { id: `${prefix}-info`, testid: `${prefix}-info`, text: `${first}–${last} of ${total}` }),
    link(`${prefix}-next`, 'Next ›', page + 1, last < total));
}

/** The page's URL query as an object (first value of each name). */
export function currentQuery() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}
