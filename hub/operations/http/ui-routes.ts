// SPDX-License-Identifier: Apache-2.0
// The operations UI on the operations listener: one HTML shell per page (header rendered here, the page's data
// fetched by its ES module from the operations API) and the static assets under /assets/ — Lango's own modules
// from hub/operations/ui/ and a fixed allow-list of bpmn-js and chart.js files. No build step, no inline script.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorAuthenticator, OperatorIdentity } from './operator-identity.js';
import { escapeHtml, sendHtmlPage } from '../../../platform/http/index.js';

export interface OperationsUiSettings {
  /** Who is signed in; a page without an operator answers 302 to /auth/login. Usually `sessionAuthenticator(...)`. */
  authenticator: OperatorAuthenticator;
}

/**
 * What the pages may load: their own scripts, styles and fonts; bpmn-js sets inline styles and draws data: images
 * (its logo, the palette's arrows), so style-src needs 'unsafe-inline' and img-src data:. Nothing else, no framing.
 */
export const OPERATIONS_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Sends server-made HTML with the operations pages' headers: never cached, no framing, the CSP above. */
export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return sendHtmlPage(reply, body, { csp: OPERATIONS_CSP, referrerPolicy: 'same-origin' }, status);
}

/** A page with a title and one escaped message, for what the sign-in steps must say without the UI's modules. */
export function messagePage(title: string, message: string, link?: { href: string; text: string }): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Lango Operations</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/operations.css"></head>
<body><header class="top"><span class="brand">Lango Operations</span></header>
<main id="main"><h1 id="page-title">${escapeHtml(title)}</h1><p id="message" data-testid="message">${escapeHtml(message)}</p>
${link ? `<p><a id="message-link" href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}</main></body></html>`;
}

// ---- pages -------------------------------------------------------------------------------------------------

type Vendor = 'bpmn' | 'chart';
interface PageSpec {
  path: string;
  nav: NavKey;
  title: string;
  /** The page's module under /assets/. */
  module: string;
  vendor?: Vendor;
}

const NAV = [
  { key: 'transfers', href: '/transfers', label: 'Transfers' },
  { key: 'incidents', href: '/incidents', label: 'Incidents' },
  { key: 'approvals', href: '/approvals', label: 'Approvals' },
  { key: 'applications', href: '/applications', label: 'Production access' },
  { key: 'audit', href: '/audit', label: 'Audit' },
  { key: 'dashboard', href: '/dashboard', label: 'Dashboard' },
] as const;
type NavKey = (typeof NAV)[number]['key'];

export const UI_PAGES: readonly PageSpec[] = [
  { path: '/transfers', nav: 'transfers', title: 'Transfers', module: 'transfers.js' },
  { path: '/transfers/:processInstanceKey', nav: 'transfers', title: 'Transfer', module: 'transfer.js', vendor: 'bpmn' },
  { path: '/incidents', nav: 'incidents', title: 'Incidents', module: 'incidents.js' },
  { path: '/approvals', nav: 'approvals', title: 'Approvals', module: 'approvals.js' },
  { path: '/applications', nav: 'applications', title: 'Production access', module: 'applications.js' },
  { path: '/audit', nav: 'audit', title: 'Audit log', module: 'audit.js' },
  { path: '/dashboard', nav: 'dashboard', title: 'Dashboard', module: 'dashboard.js', vendor: 'chart' },
];

const VENDOR_HEAD: Record<Vendor, string> = {
  bpmn: [
    '<link rel="stylesheet" href="/assets/vendor/bpmn-js/diagram-js.css">',
    '<link rel="stylesheet" href="/assets/vendor/bpmn-js/bpmn-js.css">',
    '<link rel="stylesheet" href="/assets/vendor/bpmn-js/bpmn-font/css/bpmn.css">',
    // Classic deferred scripts and module scripts run in document order, so the global BpmnJS exists for the module.
    '<script defer src="/assets/vendor/bpmn-navigated-viewer.production.min.js"></script>',
  ].join('\n'),
  chart: '<script defer src="/assets/vendor/chart.umd.min.js"></script>',
};

function header(identity: OperatorIdentity, active: NavKey): string {
  const nav = NAV.map((item) => `<a href="${item.href}" id="nav-${item.key}" data-testid="nav-${item.key}"${item.key === active ? ' aria-current="page"' : ''}>${item.label}</a>`).join('');
  const roles = Object.entries(identity.roles).sort(([a], [b]) => a.localeCompare(b))
    .map(([tenant, role]) => `<li data-tenant="${escapeHtml(tenant)}" data-role="${escapeHtml(role)}">${escapeHtml(tenant)}: ${escapeHtml(role)}</li>`).join('');
  return `<header class="top">
<a class="brand" href="/transfers">Lango Operations</a>
<nav id="nav" aria-label="Sections">${nav}</nav>
<div class="operator"><span id="operator-name" data-testid="operator-name">${escapeHtml(identity.username)}</span>
<ul id="operator-roles" data-testid="operator-roles" aria-label="Roles per tenant">${roles}</ul>
<button type="button" id="logout" data-testid="logout" class="secondary">Sign out</button></div>
</header>`;
}

function shell(page: PageSpec, identity: OperatorIdentity): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(page.title)} – Lango Operations</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/operations.css">
${page.vendor ? VENDOR_HEAD[page.vendor] : ''}
<script type="module" src="/assets/${page.module}"></script>
</head>
<body data-page="${page.nav}">
${header(identity, page.nav)}
<main id="main">
<h1 id="page-title">${escapeHtml(page.title)}</h1>
<div id="page-error" data-testid="page-error" class="error-box" role="alert" hidden></div>
<div id="app" aria-busy="true"><p class="hint" id="loading">Loading…</p></div>
</main>
</body>
</html>`;
}

// ---- assets ------------------------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
  cacheControl: string;
}

/** Lango's own modules: revalidated on every use (they change with Lango); vendor files for a day. */
const OWN_CACHE = 'no-cache';
const VENDOR_CACHE = 'public, max-age=86400';

/** The vendor files served, by their URL under /assets/vendor/ → the module path they are resolved from. */
const VENDOR_FILES: Record<string, string> = {
  'bpmn-navigated-viewer.production.min.js': 'bpmn-js/dist/bpmn-navigated-viewer.production.min.js',
  'bpmn-js/diagram-js.css': 'bpmn-js/dist/assets/diagram-js.css',
  'bpmn-js/bpmn-js.css': 'bpmn-js/dist/assets/bpmn-js.css',
  'bpmn-js/bpmn-font/css/bpmn.css': 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css',
  ...Object.fromEntries(['eot', 'woff2', 'woff', 'ttf', 'svg'].map((ext) => [`bpmn-js/bpmn-font/font/bpmn.${ext}`, `bpmn-js/dist/assets/bpmn-font/font/bpmn.${ext}`])),
};

function asset(body: Buffer, cacheControl: string, file: string): Asset {
  const contentType = CONTENT_TYPES[extname(file)];
  if (!contentType) throw new Error(`no content type for ${file}`);
  return { body, contentType, cacheControl, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Reads every served file once, at registration: a missing vendor file stops start-up instead of a page breaking later. */
export function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const assets = new Map<string, Asset>();
  const uiDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'ui');
  for (const name of readdirSync(uiDir)) {
    if (/^[a-z0-9-]+\.(js|css)$/.test(name)) assets.set(`/assets/${name}`, asset(readFileSync(join(uiDir, name)), OWN_CACHE, name));
  }
  for (const [url, module] of Object.entries(VENDOR_FILES)) assets.set(`/assets/vendor/${url}`, asset(readFileSync(require.resolve(module)), VENDOR_CACHE, module));
  // chart.js exports only its entry points; the UMD build sits beside the CommonJS one.
  const chartDir = dirname(require.resolve('chart.js'));
  assets.set('/assets/vendor/chart.umd.min.js', asset(readFileSync(join(chartDir, 'chart.umd.min.js')), VENDOR_CACHE, 'chart.umd.min.js'));
  return assets;
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, found: Asset): FastifyReply {
  reply.headers({ etag: found.etag, 'cache-control': found.cacheControl, 'x-content-type-options': 'nosniff' });
  if (request.headers['if-none-match'] === found.etag) return reply.status(304).send();
  return reply.status(200).header('content-type', found.contentType).send(found.body);
}

/**
 * Pages in order: `/` (to /transfers), the pages of UI_PAGES, then `/assets/*` (allow-listed files only, anything
 * else falls to the listener's 404).
 */
export async function operationsUiRoutes(server: FastifyInstance, settings: OperationsUiSettings): Promise<void> {
  const assets = loadAssets();
  const signedIn = (request: FastifyRequest) => settings.authenticator.authenticate(request);
  const toLogin = (reply: FastifyReply) => reply.status(302).headers({ location: '/auth/login', 'cache-control': 'no-store' }).send();

  server.get('/', async (request, reply) => {
    if (!(await signedIn(request))) return toLogin(reply);
    return reply.status(302).headers({ location: '/transfers', 'cache-control': 'no-store' }).send();
  });

  for (const page of UI_PAGES) {
    server.get(page.path, async (request, reply) => {
      const identity = await signedIn(request);
      if (!identity) return toLogin(reply);
      return sendHtml(reply, shell(page, identity));
    });
  }

  server.get('/assets/*', async (request, reply) => {
    const found = assets.get(request.url.split('?')[0]!);
    if (!found) return reply.callNotFound();
    return sendAsset(request, reply, found);
  });
}
