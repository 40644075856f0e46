/**
 * Environment lookups that work where `process` does not exist.
 * @module
 */

/** The trimmed value of an environment variable, or undefined (also outside Node). */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  const value = env?.[name]?.trim()
  return value ? value : undefined
}
