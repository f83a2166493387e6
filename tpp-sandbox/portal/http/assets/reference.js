// SPDX-License-Identifier: Apache-2.0
/* global window, document -- a browser script; eslint.config.js declares node globals only */
// Swagger UI over the contract the page names (data-url), read from Lango's own openapi/ folder.
const root = document.getElementById('reference');
window.SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true, tryItOutEnabled: false, supportedSubmitMethods: [] });
