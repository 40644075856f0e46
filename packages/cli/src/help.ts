/**
 * The Examples section of a command's --help, in one shape everywhere (a test walks every
 * command and checks it has one).
 * @module
 */

/** `.addHelpText('after', examples('tuike spots ls', …))`: each line shown as `  $ line`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`
}
