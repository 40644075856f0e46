/**
 * `tuike spots add|rename|rm|ls`: promotion spots (推广位). A spot is named by its name or pid.
 * @module
 */
import type { Promotion, TuikeClient } from '@tuike/sdk'
import { Command } from 'commander'
import { clientFor, common, withCommon } from '../context.ts'
import { CliError } from '../errors.ts'
import { printList } from '../listing.ts'
import { printJson } from '../output.ts'

export async function allSpots(client: TuikeClient): Promise<Promotion[]> {
  const spots: Promotion[] = []
  for await (const s of client.promotions.listAll()) spots.push(s)
  return spots
}

/** The live spot with this name or pid; a usage error (exit 2) naming the spots when none. */
export async function findSpot(client: TuikeClient, nameOrPid: string): Promise<Promotion> {
  const spots = await allSpots(client)
  const hit =
    spots.find((s) => s.promotionSourcePid === nameOrPid) ??
    spots.find((s) => s.promotionSourceName === nameOrPid)
  if (!hit) {
    const names =
      spots.map((s) => s.promotionSourceName).join(', ') || 'none yet: tuike spots add NAME'
    throw new CliError(`no spot named or with pid "${nameOrPid}"; spots: ${names}`, 2)
  }
  return hit
}

/** A spot name as promotion/add takes it: 1–20 characters, checked before any call (exit 2). */
function spotName(name: string): string {
  const n = [...name.trim()].length
  if (n < 1 || n > 20) throw new CliError(`spot name "${name}": use 1–20 characters (got ${n})`, 2)
  return name.trim()
}

function printSpots(cmd: Command, spots: Promotion[]): void {
  printList(cmd, spots, {
    head: () => ['name', 'pid'],
    row: (s) => [s.promotionSourceName, s.promotionSourcePid],
    id: (s) => s.promotionSourcePid,
  })
}

export function spotsCommand(): Command {
  const spots = new Command('spots')
    .description('Promotion spots (推广位): where a link was shared, for attribution')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike spots add 朋友圈 社群团购\n  $ tuike spots rename 朋友圈 朋友圈-11月\n  $ tuike spots ls',
    )

  spots.addCommand(
    withCommon(new Command('ls'))
      .alias('list')
      .description('List live spots in creation order')
      .addHelpText('after', '\nExamples:\n  $ tuike spots ls\n  $ tuike spots ls -q   # pids only')
      .action(async (_opts: unknown, cmd: Command) => {
        printSpots(cmd, await allSpots(clientFor(cmd)))
      }),
  )

  spots.addCommand(
    withCommon(new Command('add'))
      .description('Create spots (names: 1–20 characters, unique)')
      .argument('<name...>', 'spot names')
      .addHelpText(
        'after',
        '\nExamples:\n  $ tuike spots add 朋友圈\n  $ PID=$(tuike spots add 社群团购 -q)',
      )
      .action(async (names: string[], _opts: unknown, cmd: Command) => {
        const valid = names.map(spotName)
        const client = clientFor(cmd)
        const created: Promotion[] = []
        for (const name of valid) {
          const { pid } = await client.promotions.create({ promotionSourceName: name })
          created.push({ promotionSourceName: name, promotionSourcePid: pid })
        }
        printSpots(cmd, created)
      }),
  )

  spots.addCommand(
    withCommon(new Command('rename'))
      .description('Rename a spot; its pid (and so its links and orders) stay')
      .argument('<spot>', 'current name or pid')
      .argument('<newName>', 'new name')
      .addHelpText('after', '\nExample:\n  $ tuike spots rename 朋友圈 朋友圈-11月')
      .action(async (spot: string, name: string, _opts: unknown, cmd: Command) => {
        const newName = spotName(name)
        const client = clientFor(cmd)
        const s = await findSpot(client, spot)
        await client.promotions.update({
          previousPromotionInfo: s,
          promotionInfo: { promotionSourceName: newName },
        })
        printSpots(cmd, [
          { promotionSourceName: newName, promotionSourcePid: s.promotionSourcePid },
        ])
      }),
  )

  spots.addCommand(
    withCommon(new Command('rm'))
      .alias('remove')
      .description('Delete spots; their orders keep their attribution')
      .argument('<spot...>', 'names or pids')
      .addHelpText('after', '\nExample:\n  $ tuike spots rm 旧活动')
      .action(async (names: string[], _opts: unknown, cmd: Command) => {
        const client = clientFor(cmd)
        const removed: Promotion[] = []
        for (const name of names) {
          const s = await findSpot(client, name)
          await client.promotions.delete(s)
          removed.push(s)
        }
        const o = common(cmd)
        if (o.json) printJson(removed)
        else if (!o.quiet)
          for (const s of removed)
            process.stdout.write(`removed ${s.promotionSourceName} (${s.promotionSourcePid})\n`)
      }),
  )
  return spots
}
