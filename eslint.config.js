import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/** What the migration steps may not import: they see the outside world through ports only. */
const OUTSIDE_WORLD = [
  '@aws-sdk/*',
  '@temporalio/*',
  '@ucanto/client',
  '@ucanto/transport',
  '@ucanto/transport/*',
  '@storacha/upload-client',
  '@storacha/upload-client/*',
  '@storacha/indexing-service-client',
  '@storacha/indexing-service-client/*',
  'undici',
  'node:http',
  'node:https',
  'node:net',
  '**/sandbox/**',
  '**/workers/**',
  '**/activities/**',
  '**/workflows/**',
  '**/client/**',
  '**/config/**',
  '**/stack/**',
]

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite'],
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The dashboard's page modules run in the browser as they are, with uPlot from its own tag.
    files: ['src/client/dashboard/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'setTimeout',
          'Node',
          'URLSearchParams',
          'Intl',
        ].map((name) => [name, 'readonly'])
      ),
    },
  },
  {
    files: ['src/**/*.ts'],
    ...importX.flatConfigs.typescript,
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The steps take ports and nothing else (src/migration/ports.ts); src/services implements
    // them and src/workers/deps.ts builds them. Types of table rows may come from services.
    files: ['src/migration/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: OUTSIDE_WORLD,
              message: 'migration steps reach the outside world through ports',
            },
            {
              group: ['**/services/**'],
              allowTypeImports: true,
              message:
                'migration steps use services through ports, not directly',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'configuration is read once by src/config and passed down',
        },
      ],
    },
  },
  {
    // The failure taxonomy is the ground floor: it imports nothing of the project.
    files: ['src/failures/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!./*'],
              message: 'src/failures depends on nothing above it',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is replayed deterministically inside the Temporal sandbox:
    // it may use types from I/O code, never values.
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((m) => [m, `node:${m}`]),
          patterns: [
            {
              group: [
                '@aws-sdk/*',
                '@ucanto/*',
                '@storacha/*',
                '**/activities/**',
                '**/services/**',
                '**/config/**',
              ],
              allowTypeImports: true,
              message: 'workflows import types only from I/O code',
            },
          ],
        },
      ],
    },
  }
)
