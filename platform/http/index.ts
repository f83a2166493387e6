// SPDX-License-Identifier: Apache-2.0
export { createHttpServer, listen, sendError, type HttpServerSettings } from './create-server.js';
export { requestIdOf } from './request-id.js';
export { escapeHtml, sendHtmlPage } from './html-reply.js';
export { acceptUrlEncodedForms, type FormFields } from './form-body.js';
