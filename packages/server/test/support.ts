/**
 * The server's tests use the shared test kit: the dialect matrix and an in-process platform.
 * @module
 */
export * from '@tuike/testkit'
