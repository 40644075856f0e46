/**
 * The per-dialect suite every storage and endpoint test starts with.
 * @module
 */
import { after, before, describe } from 'node:test'
import type { Dialect } from '@tuike/server'
import { DIALECTS } from './platform.ts'

/** One `describe` per dialect, titled `${dialect}: ${title}`, around `body`. */
export function eachDialect(title: string, body: (dialect: Dialect) => void): void {
  for (const dialect of DIALECTS) describe(`${dialect}: ${title}`, () => body(dialect))
}

/**
 * The suite's fixture (a test platform, say): `open` makes it before the suite's tests and its
 * close() runs after them. The object is returned at once and filled in by that `before`, so
 * tests and later hooks use it, the suite's body itself does not.
 */
export function openForSuite<F extends { close(): Promise<void> }>(open: () => Promise<F>): F {
  const fixture = {} as F
  before(async () => {
    Object.assign(fixture, await open())
  })
  // A fixture that failed to open has nothing to close.
  after(() => fixture.close?.())
  return fixture
}
