// SPDX-License-Identifier: Apache-2.0
// The "may import" column of ARCHITECTURE.md, enforced: a context imports another only through its index.ts,
// and only the contexts the table allows. Tests and the composition root may import anything.
const contexts = ['platform', 'openapi', 'consent', 'gateway', 'hub', 'mobile-money', 'tpp-sandbox'];
const mayImport = {
  platform: [],
  openapi: ['platform'],
  consent: ['platform', 'openapi'],
  gateway: ['platform', 'openapi', 'consent', 'hub'],
  hub: ['platform', 'openapi', 'mobile-money'],
  'mobile-money': ['platform', 'openapi'],
  'tpp-sandbox': ['platform', 'openapi', 'consent', 'gateway', 'hub', 'mobile-money'],
};

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    from: { pathNot: '\\.test\\.ts$' },
    to: { circular: true },
  },
  {
    name: 'not-to-test-code',
    comment: 'Product code never imports test helpers.',
    severity: 'error',
    from: { pathNot: '(\\.test\\.ts$|\\.contract\\.ts$|^test/|^scripts/)' },
    to: { path: '(^test/|\\.test\\.ts$|\\.contract\\.ts$)' },
  },
];

for (const context of contexts) {
  const allowed = mayImport[context];
  const others = contexts.filter((other) => other !== context && !allowed.includes(other));
  if (others.length) {
    forbidden.push({
      name: `${context}-may-not-import`,
      comment: `${context} may import only ${allowed.join(', ') || 'nothing of Lango'} (ARCHITECTURE.md)`,
      severity: 'error',
      from: { path: `^${context}/`, pathNot: '\\.test\\.ts$' },
      to: { path: `^(${others.join('|')})/` },
    });
  }
  forbidden.push({
    name: `${context}-only-through-index`,
    comment: `other contexts reach ${context} through ${context}/index.ts only`,
    severity: 'error',
    from: { path: '^(consent|gateway|hub|mobile-money|tpp-sandbox|openapi|app)/', pathNot: [`^${context}/`, '\\.test\\.ts$'] },
    to: { path: `^${context}/`, pathNot: context === 'platform' ? '^platform/[^/]+/index\\.ts$' : `^${context}/index\\.ts$` },
  });
}

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^dist|^data)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
