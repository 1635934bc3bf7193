// Lint: typed rules where they catch real bugs (floating promises), and a fence around workflow
// code, which must stay deterministic (no Node builtins, no I/O packages).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'stream', 'events', 'util', 'zlib', 'dns', 'tls', 'url', 'timers', 'process'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.scratch/**', 'bench/results/**', 'models/**', 'bin/**', 'eslint.config.mjs', 'web/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner tracks itself.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The web app reads the API's JSON; as in the rest of the code base, `any` there is a warning.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['mongodb', 'twitter-api-v2', 'express', '@tensorflow/tfjs-node', '@temporalio/client', '@temporalio/worker', 'pino',
          ...nodeBuiltins.flatMap((m) => [m, `node:${m}`])].map((name) => ({ name, allowTypeImports: true })),
        // Workflows sit in src/workflows/<name>/ (contract + workflow) or src/workflows/<group>/.
        patterns: [{ group: ['../store*', '../x*', '../ml*', '../api*', '../activities/*', '../../store*', '../../x*', '../../ml*', '../../api*', '../../activities/*'], allowTypeImports: true, message: 'workflows import activity types only' }],
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'use workflow-safe randomness (uuid4/patched)' }, { object: 'Date', property: 'now', message: 'workflow time comes from the SDK' }],
    },
  },
);
