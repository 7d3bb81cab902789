/**
 * The architecture of firewatch as dependency rules: `npm run lint` runs them (scripts/lint.ts), and
 * `npx depcruise --config .dependency-cruiser.cjs <folders>` shows them on their own.
 * Paths are relative to the repository root. "The project" below means this repository's own files: npm packages
 * and Node's built-in modules are always allowed (an import that resolves nowhere is `not-to-unresolvable`'s business).
 */

/** Where a dependency goes to when it is one of the project's own files (not npm, not Node, not unresolvable). */
const project = (pathNot) => ({
  pathNot: [...pathNot, '(^|/)node_modules/'],
  dependencyTypesNot: ['core'],
  couldNotResolve: false,
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contract-is-the-floor',
      comment:
        'The contract (what the portal promises: routes, payloads, rules) is what every other part agrees on, so it ' +
        'may lean on nothing but the list of critical flows: anything else would let a test, a probe or the bundled ' +
        'portal redefine what "working" means.',
      severity: 'error',
      from: { path: '^contract/' },
      to: project(['^(contract|flows)/']),
    },
    {
      name: 'flows-import-nothing-above',
      comment:
        'The list of business-critical flows is the vocabulary of every report, probe and incident: it stands on its ' +
        'own, so naming a flow never drags in how it is tested or served.',
      severity: 'error',
      from: { path: '^flows/' },
      to: project(['^flows/']),
    },
    {
      name: 'portal-only-from-harness',
      comment:
        'The bundled portal is a stand-in for the real member portal, used to develop and self-test firewatch. Only ' +
        'the harness (scripts, bench, the self-tests) may reach into it; the critical specs, fixtures, pages, probes, ' +
        'config and the root playwright.config.ts must work against production, where this code does not exist.',
      severity: 'error',
      from: { pathNot: ['^(portal|scripts|bench)/', '^tests/(?!critical/)'] },
      to: { path: '^portal/' },
    },
    {
      name: 'portal-is-independent',
      comment:
        'The bundled portal plays the real portal: it must not borrow from the code that tests it, or a shared bug ' +
        'would make a broken flow look healthy.',
      severity: 'error',
      from: { path: '^portal/' },
      to: project(['^portal/']),
    },
    {
      name: 'specs-import-only-fixtures',
      comment:
        'A critical spec reads as the member journey it checks: everything it uses (pages, sessions, test data, ' +
        'guards) comes through the fixtures, so the specs stay short and one change in a fixture reaches all of them.',
      severity: 'error',
      from: { path: '^tests/critical/' },
      to: project(['^fixtures/']),
    },
    {
      name: 'probe-is-not-a-test',
      comment:
        'The production probe runs the suite as a separate Playwright process and reads its verdict; it never runs ' +
        'test code itself, so it must not import fixtures, page objects or tests.',
      severity: 'error',
      from: { path: '^probe/' },
      to: { path: '^(fixtures|pages|tests)/' },
    },
    {
      name: 'config-only-parses',
      comment:
        'Configuration only reads and checks the environment against the contract: it must not know about the ' +
        'portal, the probe or the tests, so every entry point can load it cheaply and the same way.',
      severity: 'error',
      from: { path: '^config/' },
      to: project(['^(config|contract)/']),
    },
    {
      name: 'no-circular',
      comment:
        'Modules that need each other cannot be understood, tested or moved apart; a cycle also makes the load order ' +
        '(and so what is undefined at start-up) depend on which file happens to be imported first.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file or installed package fails at run time: a typo, or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a type pulled from the portal is still a dependency on the portal.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Node's resolution for packages with an `exports` map (zod, hono, ky, …), as tsx and TypeScript resolve them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
