// ESLint for PlexLink TV: typescript-eslint's type-checked rules over src/, and the layer rules.
// Lives in tools/lint with its own node_modules so that typescript-eslint loads TypeScript 5.9 (it needs
// TypeScript's JS API; the project's TypeScript 7 is the native compiler and has none). The types are
// the project's: the root tsconfig.json, read by TypeScript 5.9, which accepts every option it uses.
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Imports a layer may not make, as no-restricted-imports patterns (relative paths included). */
const SIM = { group: ['**/sim/*', '**/sim'], message: 'src/ never imports the simulator.' }
const LIGHTNING = { group: ['@lightningjs/*'], message: 'The wire and the behaviour (src/plex, src/flows) never import Lightning.' }
const AXIOS = { group: ['axios', 'axios/*'], message: 'Only src/plex talks HTTP (axios).' }
const ABOVE_PLEX = { group: ['../*'], message: 'src/plex imports nothing above it.' }

export default tseslint.config(
  { ignores: ['**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: resolve(root, 'tsconfig.json'), tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: [SIM, AXIOS] }],
    },
  },
  { files: ['src/plex/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [SIM, LIGHTNING, ABOVE_PLEX] }] } },
  { files: ['src/flows/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [SIM, LIGHTNING, AXIOS] }] } },
  prettier,
)
