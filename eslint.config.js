// Lint enforces the layers of CONVENTIONS.md: engine/ is pure; renderer/ takes only types and pure
// modules from engine/; only electron/ touches Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiOrElectron = [
  { name: 'electron', message: 'engine/ must not import Electron (CONVENTIONS.md layers).' },
  { name: 'react', message: 'engine/ must not import React.' },
  { name: 'react-dom', message: 'engine/ must not import React.' },
  { name: '@xyflow/react', message: 'engine/ must not import UI libraries.' },
  { name: 'zustand', message: 'engine/ must not import UI libraries.' },
];

// Engine modules that are pure (no Node, no TensorFlow.js) and may be imported by value in renderer/.
const rendererEngineAllowList = [
  'errors', 'graph/schema', 'graph/compile', 'graph/load', 'nodes/specs', 'nodes/spec', 'nodes/ports',
  'util/hash', 'util/assert', 'run/events', 'data/table', 'host/contract', 'host/bridge', 'host/desktop-contract', 'query/intent', 'query/history', 'charts', 'runstore/schema',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'renderer/dist/**', 'test-results/**', 'bench/out/**', '**/*.d.ts', 'examples/**/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Use named exports (no export *).' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: uiOrElectron }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'renderer/ runs sandboxed: talk to the host through HostApi.' },
          { name: '@tensorflow/tfjs', message: 'Training runs in the engine worker, not the renderer.' },
        ],
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'worker_threads'], message: 'renderer/ runs sandboxed: no Node modules.' },
          {
            regex: `^(\\.\\./)+engine/(?!(${rendererEngineAllowList.join('|')})$)`,
            allowTypeImports: true,
            message: 'renderer/ may import only types and pure modules from engine/ (see eslint.config.js allow-list).',
          },
        ],
      }],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
