/**
 * Folds the results of the whole test run into the one line CI reads: "N passed, N failed".
 * A missing report counts as a failure: a runner that crashed must not look like "0 failed".
 */
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
const problems: string[] = []

if (existsSync('.tmp/checks.txt')) {
  for (const line of readFileSync('.tmp/checks.txt', 'utf8').trim().split('\n')) {
    const [result, name] = line.split(' ')
    if (result === 'pass') passed++
    else {
      failed++
      problems.push(`check failed: ${name}`)
    }
  }
}

interface VitestReport {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  success: boolean
  testResults?: { status: string; message?: string; name: string }[]
}
function addVitest(file: string, suite: string): void {
  if (!existsSync(file)) {
    failed++
    problems.push(`${suite} wrote no report`)
    return
  }
  const v = JSON.parse(readFileSync(file, 'utf8')) as VitestReport
  passed += v.numPassedTests
  failed += v.numFailedTests
  // a test file that failed to load has no failed tests but is a failure all the same
  for (const f of v.testResults ?? []) {
    if (f.status === 'failed' && f.message) {
      failed++
      problems.push(`${suite} file failed: ${f.name}`)
    }
  }
  if (v.numPendingTests + v.numTodoTests > 0) problems.push(`${v.numPendingTests + v.numTodoTests} ${suite} tests skipped`)
}
addVitest('.tmp/vitest.json', 'vitest')
addVitest('.tmp/wpe.json', 'WPE WebKit (tests/wpe)')

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  errors?: unknown[]
}
if (existsSync('.tmp/playwright.json')) {
  const p = JSON.parse(readFileSync('.tmp/playwright.json', 'utf8')) as PlaywrightReport
  passed += p.stats.expected
  failed += p.stats.unexpected + p.stats.flaky
  if ((p.errors?.length ?? 0) > 0) {
    failed++
    problems.push('playwright reported errors outside tests')
  }
  if (p.stats.skipped > 0) problems.push(`${p.stats.skipped} playwright tests skipped`)
} else {
  failed++
  problems.push('playwright wrote no report')
}

for (const p of problems) console.log(`  ${p}`)
if (passed === 0) {
  failed++
  console.log('  no test ran')
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
