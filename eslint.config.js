import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/.portkey/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The dashboard runs in the browser: its globals, not Node's.
    files: ['dashboard/src/**/*.js', 'dashboard/src/**/*.jsx'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } }, globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', navigator: 'readonly', EventSource: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', requestAnimationFrame: 'readonly', matchMedia: 'readonly', ResizeObserver: 'readonly', HTMLElement: 'readonly', Event: 'readonly', CustomEvent: 'readonly', confirm: 'readonly', addEventListener: 'readonly', removeEventListener: 'readonly', Blob: 'readonly' } },
  },
);
