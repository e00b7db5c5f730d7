// The architecture's import rules, enforced per folder (see ../shared/ARCHITECTURE.md and electron/README.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'The core is pure: I/O lives in adapters behind ports.' };
const electronPkg = {
  name: 'electron',
  message: 'Only electron/main, electron/preload and ipc-main-transport.ts import electron.',
};
const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'electron/core/detection/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'native-scripts/hooks/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['electron/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        nodeBuiltins,
        {
          group: [
            '../core/**',
            '../adapters/**',
            '../transport/**',
            '../main/**',
            '../headless/**',
            '../preload/**',
          ],
          message: 'contract imports zod only.',
        },
      ],
      [electronPkg],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        nodeBuiltins,
        {
          group: [
            '**/adapters/**',
            '**/transport/**',
            '**/main/**',
            '**/headless/**',
            '**/preload/**',
            'ws',
            'node-pty',
            '@xterm/*',
          ],
          message: 'core may import contract/ and core/ only.',
        },
      ],
      [electronPkg],
    ),
  },
  {
    files: ['electron/adapters/**/*.ts'],
    rules: restrict(
      [
        {
          group: ['**/main/**', '**/transport/**', '**/headless/**', '**/renderer/**'],
          message: 'adapters implement core ports; they do not know transports or roots.',
        },
      ],
      [electronPkg],
    ),
  },
  {
    files: ['electron/transport/**/*.ts'],
    ignores: ['electron/transport/ipc-main-transport.ts'],
    rules: restrict(
      [
        {
          group: ['**/adapters/**', '**/main/**', '**/headless/**'],
          message: 'transport carries the contract; it knows no adapters.',
        },
      ],
      [electronPkg],
    ),
  },
  {
    files: ['electron/headless/**/*.ts'],
    rules: restrict(
      [{ group: ['**/main/**', '**/preload/**'], message: 'headless is the plain-Node root.' }],
      [electronPkg],
    ),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict([
      { group: ['**/headless/**'], message: 'main is the Electron root; headless is the other one.' },
    ]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([
      nodeBuiltins,
      {
        group: [
          '**/core/**',
          '**/adapters/**',
          '**/transport/**',
          '**/main/**',
          '**/headless/**',
          '**/renderer/**',
        ],
        message: 'the preload exposes contract names only: it imports contract/ and electron.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        nodeBuiltins,
        {
          group: [
            '**/electron/core/**',
            '**/electron/adapters/**',
            '**/electron/transport/**',
            '**/electron/main/**',
            '**/electron/headless/**',
          ],
          message: 'the renderer talks to the core only through electron/contract.',
        },
      ],
      [electronPkg],
    ),
  },
  {
    // The main bundle is scanned by electronegativity (`npm run security:electron`), whose AST walker
    // stops at class #private members and then skips the whole file in silence.
    files: ['electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'PrivateIdentifier',
          message:
            'No #private members in electron/: electronegativity cannot scan them. Keep a secret in a closure.',
        },
      ],
    },
  },
);
