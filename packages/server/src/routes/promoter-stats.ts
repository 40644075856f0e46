/**
 * Tuike's own promoter statistics, beside the WeChat-shaped union API (which has no click
 * counts): `GET /tuike/v1/promoter/clicks?access_token=…` answers the short-link opens of each of
 * the caller's live spots, `{errcode: 0, clicks: [{promotionSourcePid, clicks}]}`. Token errors
 * are the union API's (41001, 40001, 42001, 48001). The web console's overview reads it.
 * @module
 */
import type { Hono } from 'hono'
import { WechatError } from '../http/wechat-error.ts'
import type { Services } from '../services/index.ts'

export function registerPromoterStats(app: Hono, s: Services): void {
  app.get('/tuike/v1/promoter/clicks', async (c) => {
    const token = c.req.query('access_token')
    if (!token) throw new WechatError(41001)
    const appid = await s.tokens.authenticate(token)
    const { promotionSourceList } = await s.promotions.list(appid, 0, 100_000)
    const clicks = await Promise.all(
      promotionSourceList.map(async (spot) => ({
        promotionSourcePid: spot.promotionSourcePid,
        clicks: await s.materials.clicks(spot.promotionSourcePid),
      })),
    )
    return c.json({ errcode: 0, errmsg: 'ok', clicks })
  })
}
