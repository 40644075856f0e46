/**
 * @tuike/testkit: what the packages' tests share, so that each package's tests import only
 * their own package and the published surface of others (this kit included).
 * @module
 */

export * from './admin.ts'
export * from './fixtures.ts'
export * from './landing.ts'
export * from './listen.ts'
export * from './platform.ts'
export * from './process.ts'
export * from './suites.ts'
