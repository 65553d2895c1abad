/**
 * The builds a benchmark run measures, made in the same run: the app's `npm run dist`, and the floor
 * apps (bench/floor/*.ts) built by the very same scripts/dist.ts (Lightning core lowered to ES2017 too), settings, stage options and CLI
 * environment in a throwaway project folder under .tmp/.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

function run(cwd: string, args: string[]): void {
  execFileSync('npm', ['run', '--silent', ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
}

/** `npm run dist` of the app: dist/es6 and dist/es5. */
export function buildApp(): { es6: string; es5: string } {
  run(root, ['dist'])
  return { es6: join(root, 'dist/es6'), es5: join(root, 'dist/es5') }
}

/** Builds bench/floor/NAME.ts as an app of its own with the app's dist:es6 script; returns its dist/es6. */
export function buildFloor(name: 'text' | 'libs' | 'job'): string {
  // two levels below the project at most: the CLI looks for node_modules only three folders up
  const dir = join(root, '.tmp', `bench-floor-${name}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'src'), { recursive: true })
  mkdirSync(join(dir, 'static'), { recursive: true })
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: object }
  const write = (file: string, value: unknown) => writeFileSync(join(dir, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  write('package.json', { name: `plexlink-floor-${name}`, version: '0.0.0', private: true, type: 'module', dependencies: pkg.dependencies, scripts: { 'dist:es6': `tsx ${join(root, 'scripts/dist.ts')} es6` } })
  write('metadata.json', { name: `Floor ${name}`, identifier: `bench.floor.${name}`, version: '0.0.0' })
  // the app's own settings: same stage options (renderer, idle loop, image worker)
  cpSync(join(root, 'settings.json'), join(dir, 'settings.json'))
  cpSync(join(root, '.env'), join(dir, '.env'))
  // the app's bundler settings: names not kept, Babel's helpers from @babel/runtime, Node built-ins empty
  for (const file of ['esbuild.es6.config.js', 'babel.config.cjs', 'tools/build']) cpSync(join(root, file), join(dir, file), { recursive: true })
  cpSync(join(root, 'bench/floor', `${name}.ts`), join(dir, 'src/index.ts'))
  // the job floor draws in the app's own fonts
  if (name === 'job') cpSync(join(root, 'static/fonts'), join(dir, 'static/fonts'), { recursive: true })
  run(dir, ['dist:es6'])
  return join(dir, 'dist/es6')
}
