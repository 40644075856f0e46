/**
 * `tuike plans info|apply|status`: targeted plans (定向计划) a merchant invited you to.
 * @module
 */
import { Command } from 'commander'
import { clientFor, common } from '../context.ts'
import { subcommand } from '../help.ts'
import { printJson, printTable } from '../output.ts'
import { percent, yuan, zonedTime } from '../units.ts'

/** Read the application state from its times, as union-api.md §14.3 advises, not the number. */
function applicationState(d: {
  joinTime: number
  rejectTime: number
  removeTime: number
  applyTime: number
}) {
  if (d.removeTime) return `removed ${zonedTime(d.removeTime)}`
  if (d.rejectTime) return `rejected ${zonedTime(d.rejectTime)}`
  if (d.joinTime) return `joined ${zonedTime(d.joinTime)}`
  if (d.applyTime) return `applied ${zonedTime(d.applyTime)}, awaiting review`
  return 'not applied'
}

export function plansCommand(): Command {
  const plans = new Command('plans')
    .description('Targeted plans (定向计划): plan details, applying, application state')
    .addHelpText(
      'after',
      `
Examples:
  $ tuike plans info 'https://…/plan/AbC123'
  $ tuike plans apply 1964112935262240768 --reason '母婴社群 3 万人'
  $ tuike plans status 1964112935262240768`,
    )

  plans.addCommand(
    subcommand('info', 'Show a plan and its products (at most 10; the API has no paging)', [
      "tuike plans info 'https://channels.weixin.qq.com/…?planId=9001'",
      'tuike plans info "$INVITATION_URL" --json',
    ])
      .argument('<invitationUrl>', 'the plan invitation link from the merchant')
      .action(async (url: string, _opts: unknown, cmd: Command) => {
        const r = await clientFor(cmd).target.planInfo({ planInvitationUrl: url })
        if (common(cmd).json) return printJson(r)
        const p = r.targetPlanInfo
        const status =
          ['not started', 'active', 'ended'][Number(p.planStatus)] ?? String(p.planStatus)
        process.stdout.write(
          `${p.planName}  (planId ${p.planId}, ${status})\n${p.planDesc}\n${zonedTime(p.planStartTime)} – ${zonedTime(p.planEndTime)}\n`,
        )
        printTable(
          ['productId', 'title', 'price', 'plan ratio'],
          r.productListInfo.map((x) => [
            x.productId,
            x.productDetailInfo.title,
            yuan(x.productDetailInfo.minPrice),
            percent(x.commissionRatio),
          ]),
          ['left', 'left', 'right', 'right'],
        )
      }),
  )

  plans.addCommand(
    subcommand('apply', 'Apply to join a plan', [
      'tuike plans apply 9001',
      "tuike plans apply 9001 --reason '社群 2000 人，日均 30 单'",
    ])
      .argument('<planId>', 'plan id (a string; may exceed 2^53)')
      .requiredOption('--reason <text>', 'reason shown to the merchant')
      .action(async (planId: string, opts: { reason: string }, cmd: Command) => {
        await clientFor(cmd).target.applyTarget({ planId, applyReason: opts.reason })
        if (common(cmd).json) printJson({ planId, applied: true })
        else if (!common(cmd).quiet) process.stdout.write(`applied to plan ${planId}\n`)
      }),
  )

  plans.addCommand(
    subcommand('status', 'The state of your application to a plan', [
      'tuike plans status 9001',
      'tuike plans status 9001 --json',
    ])
      .argument('<planId>', 'plan id')
      .action(async (planId: string, _opts: unknown, cmd: Command) => {
        const { data } = await clientFor(cmd).target.applyStatus({ planId })
        if (common(cmd).json) printJson(data)
        else process.stdout.write(`${planId}: ${applicationState(data)}\n`)
      }),
  )
  return plans
}
