// Flat config: typescript-eslint plus the project's boundary rules (design.md "Layout"):
// rules/ and seeds/ are pure (they run in Node and in pages); components/ are views only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const BROWSER_ONLY = ['wxt', 'wxt/*', 'dexie', 'preact', 'preact/*', '@wxt-dev/*'];
const LIB = ['@/lib/*', '**/lib/*', '**/lib/**', '~/lib/*'];

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'seeds/documents/**',
      'tests/fixtures/vendor/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-control-regex': 'off',
      // Chinese text legitimately holds U+3000 (ideographic space) in strings and patterns.
      'no-irregular-whitespace': [
        'error',
        { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true },
      ],
      'no-misleading-character-class': 'off',
    },
  },
  {
    // The pure engine and its data: no browser APIs, no framework, no glue.
    files: ['rules/**/*.ts', 'seeds/**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: BROWSER_ONLY,
              message: 'rules/ and seeds/ must stay pure (no wxt, dexie, preact).',
            },
            { group: LIB, message: 'rules/ and seeds/ may not import lib/ (browser glue).' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'browser',
          'chrome',
          'navigator',
          'indexedDB',
          'localStorage',
        ].map((name) => ({ name, message: `rules/ is pure: no ${name}.` })),
      ],
    },
  },
  {
    // Views: props in, JSX out. Data arrives through context/props, never from lib/ or Dexie.
    // `import type` from lib/ is allowed: the views share lib/'s record and report types
    // instead of restating them, and type imports leave no code behind.
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['dexie', 'dexie/*'], message: 'components/ may not use Dexie.' },
            {
              group: LIB,
              allowTypeImports: true,
              message: 'components/ may import only types from lib/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'components/ may not call browser APIs.' },
        { name: 'chrome', message: 'components/ may not call browser APIs.' },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
