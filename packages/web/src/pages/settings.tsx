/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * 设置: the time zone every console page shows times in (Beijing time by default, as WeChat's
 * consoles), for promoters at /settings and the operator at /ops/settings.
 * @module
 */
import { DEFAULT_TIME_ZONE, isTimeZone, zoneLabel } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import { timeZone } from '../format.ts'
import { field, type Kit, page, redirectWith, resultOf } from '../kit.tsx'
import { Csrf, type Flash, Submit } from '../layout.tsx'
import { type Session, setTimeZone } from '../session.ts'

/** Zones offered in the list (any IANA name may be typed). */
const ZONES: [string, string][] = [
  [DEFAULT_TIME_ZONE, '北京时间'],
  ['Asia/Hong_Kong', '香港'],
  ['Asia/Taipei', '台北'],
  ['Asia/Tokyo', '东京'],
  ['Asia/Singapore', '新加坡'],
  ['UTC', 'UTC'],
  ['Europe/London', '伦敦'],
  ['America/Los_Angeles', '洛杉矶'],
  ['America/New_York', '纽约'],
]

function SettingsForm(props: { session: Session; action: string }) {
  const tz = timeZone()
  const now = Date.now() / 1000
  return (
    <form method="post" action={props.action} class="card" aria-labelledby="h-tz">
      <h2 id="h-tz">时区</h2>
      <p class="hint">
        控制台的所有时间都按这个时区显示，并注明时区；默认北京时间（Asia/Shanghai），与微信的后台一致。
        订单筛选的日期和概览的按天统计也按它划分。
      </p>
      <Csrf session={props.session} />
      <div class="field">
        <label for="s-tz">时区（IANA 名称）</label>
        <input id="s-tz" name="tz" list="s-zones" required value={tz} autocomplete="off" />
        <datalist id="s-zones">
          {ZONES.map(([v, l]) => (
            <option value={v}>{`${l}（${zoneLabel(now, v)}）`}</option>
          ))}
        </datalist>
      </div>
      <Submit label="保存" />
    </form>
  )
}

function render(c: Context, session: Session, action: string, flash: Flash[], status = 200) {
  const ops = session.kind === 'operator'
  return page(
    c,
    { title: '设置', active: ops ? '/ops/settings' : '/settings', session, flash },
    <SettingsForm session={session} action={action} />,
    status,
  )
}

export function settingsPage(kit: Kit): Hono {
  const web = new Hono()
  for (const [path, guard] of [
    ['/settings', kit.promoter],
    ['/ops/settings', kit.operator],
  ] as const) {
    web.get(
      path,
      guard(async (c, { session }) => render(c, session, path, resultOf(c, kit, session).flash)),
    )
    web.post(
      path,
      guard(async (c, { session, form }) => {
        const tz = field(form, 'tz')
        if (!isTimeZone(tz)) {
          const text = `不认识的时区「${tz}」：请填 IANA 名称，如 Asia/Shanghai、UTC。`
          return render(c, session, path, [{ kind: 'error', text }], 400)
        }
        setTimeZone(c, tz)
        const text = `已保存：时间按 ${tz}（${zoneLabel(Date.now() / 1000, tz)}）显示。`
        return redirectWith(c, kit, session, path, { flash: [{ kind: 'ok', text }] })
      }),
    )
  }
  return web
}
