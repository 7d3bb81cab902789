// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

/**
 * ESLint for firewatch (`npm run lint` runs it with --max-warnings=0, see scripts/lint.ts).
 * TypeScript gets typescript-eslint's type-checked recommendations: above all the rules that catch a missing
 * `await` (a step or assertion that is never awaited passes without checking anything, and a flow looks healthy).
 * The Playwright rules cover the critical specs and everything they are built from (fixtures, page objects) and the
 * project's self-tests.
 */
export default defineConfig(
  globalIgnores(['node_modules/', 'reports/', 'test-results/', 'playwright-report/', 'blob-report/', '.auth/', '.stryker-tmp/']),

  {
    name: 'firewatch/typescript',
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Named explicitly (all three are in recommendedTypeChecked too) so no later preset or override drops them.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    name: 'firewatch/playwright',
    files: ['tests/**/*.ts', 'fixtures/**/*.ts', 'pages/**/*.ts'],
    extends: [playwright.configs['flat/recommended']],
  },

  {
    name: 'firewatch/self-tests',
    files: ['tests/**/*.test.ts'],
    ignores: ['tests/critical/**'],
    rules: {
      // Self-tests walk tables of faults, probe runs and lifecycle steps: branching on the row under test is the point.
      'playwright/no-conditional-in-test': 'off',
      // Same tables: which expectation applies depends on the row (a fault that must turn a flow red, or must not).
      'playwright/no-conditional-expect': 'off',
    },
  },

  {
    name: 'firewatch/self-tests-untyped-json',
    files: ['tests/**/*.ts'],
    ignores: ['tests/critical/**'],
    rules: {
      // Self-tests read JSON/YAML the suite wrote (reports, alerts, Kubernetes manifests) as untyped values: their assertions are the check.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    name: 'firewatch/browser-js',
    files: ['portal/static/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      // The bundled portal's page script: a <script type="module"> in the browser, using these browser globals.
      globals: { document: 'readonly', fetch: 'readonly' },
    },
  },

  {
    // Tool configs at the root (this file, .dependency-cruiser.cjs, stryker.config.mjs) and the Stryker plugin
    // (scripts/mutation/fault-ignorer.mjs, JavaScript because Stryker imports it without a TypeScript loader).
    // ESLint gives .cjs its CommonJS globals itself.
    name: 'firewatch/tooling-js',
    files: ['*.js', '*.cjs', '*.mjs', 'scripts/**/*.mjs'],
    extends: [js.configs.recommended],
  },
);
