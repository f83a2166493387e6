// SPDX-License-Identifier: Apache-2.0
/* global window, document -- browser modules; eslint.config.js declares node globals only */
// The operations API as the pages call it: same-origin fetch with the session cookie; POSTs carry the session's
// csrf token (from GET /api/v1/me) in X-Lango-CSRF. A failed call throws ApiError with the API's own message
// (RFC 9457 problem details: `{ code, detail }`), which showError puts in #page-error.

export const API = '/api/v1';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function failure(response) {
  let code = `HTTP_${response.status}`;
  let message = `The server answered ${response.status}.`;
  try {
    const body = await response.json();
    if (body && typeof body === 'object') {
      code = body.code ?? code;
      message = body.detail ?? body.title ?? message;
    }
  } catch {
    // not JSON: keep the generic message
  }
  // A session that ended: sign in again rather than show errors.
  if (response.status === 401) {
    window.location.assign('/auth/login');
  }
  return new ApiError(response.status, code, message);
}

/** `?a=1&b=2` of the defined, non-empty values ('' when none). */
export function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request(path, init = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  if (!response.ok) throw await failure(response);
  return response;
}

/** GET <path>?<query> → parsed JSON. */
export async function getJson(path, query) {
  return (await request(`${path}${queryString(query)}`)).json();
}

/** GET <path> → text (the BPMN XML). */
export async function getText(path) {
  return (await request(path, { headers: { accept: 'application/xml, text/plain' } })).text();
}

let whoAmI;
/** GET /api/v1/me, once per page: `{ username, roles, csrf }`. */
export function me() {
  whoAmI ??= getJson(`${API}/me`).catch((error) => { whoAmI = undefined; throw error; });
  return whoAmI;
}

/** POST <path> with a JSON body and the csrf header → parsed JSON (or null for an empty answer). */
export async function postJson(path, body) {
  const { csrf } = await me();
  const response = await request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrf && { 'x-lango-csrf': csrf }) },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Ends the session (POST /auth/logout with the csrf header), then goes to / (which leads to the sign-in). */
export async function logout() {
  const { csrf } = await me();
  const response = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual', headers: { 'x-lango-csrf': csrf ?? '' } });
  // 303 → an opaque redirect: signed out.
  if (response.type !== 'opaqueredirect' && !response.ok) throw await failure(response);
  window.location.assign('/');
}

/** Shows an error (an ApiError's message, or a generic line) in #page-error; clears it when `error` is undefined. */
export function showError(error) {
  const box = document.getElementById('page-error');
  if (!box) return;
  if (error === undefined) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = error instanceof ApiError ? `${error.message} (${error.code})` : `Something went wrong: ${error?.message ?? error}`;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}
