/**
 * The API answers an upgrade must keep: the same calls on the fixture database before and after
 * the later migrations. Shared by the fixture generator (fixtures/make-upgrade-fixture.ts), which
 * records them, and upgrade.test.ts, which compares.
 * @module
 */
import type { Tuike } from '../src/index.ts'

export interface FixtureIdentity {
  adminKey: string
  appid: string
  secret: string
  webhookId: string
}

/** Each probe's JSON answer, by name. */
export async function probe(t: Tuike, id: FixtureIdentity): Promise<Record<string, unknown>> {
  const get = async (path: string) => (await t.app.request(path)).json()
  const post = async (path: string, body: unknown) =>
    (
      await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()
  const { access_token: token } = (await get(
    `/cgi-bin/token?grant_type=client_credential&appid=${id.appid}&secret=${id.secret}`,
  )) as { access_token: string }
  const q = `access_token=${token}`
  const search = (await get(
    `/union/promoter/order/search?${q}&page=1&pageSize=50&startTimestamp=0&endTimestamp=4000000000`,
  )) as { orderList: { orderId: string }[] }
  return {
    spots: await get(`/union/promoter/promotion/list?${q}&start=0&limit=20`),
    products: await get(`/union/promoter/product/list?${q}&from=0&limit=10`),
    orderSearch: search,
    orderInfo: await post(`/union/promoter/order/info?${q}`, {
      orderIdList: search.orderList.map((o) => o.orderId),
    }),
    feed: await get(`/tuike/v1/order/changes?${q}&limit=100`),
    deliveries: await get(`/tuike/v1/webhook/deliveries?${q}&webhookId=${id.webhookId}`),
    report: await get(`/tuike/v1/report?${q}&by=spot&since=0&until=4000000000`),
    promoters: await (
      await t.app.request('/admin/v1/promoters', {
        headers: { authorization: `Bearer ${id.adminKey}` },
      })
    ).json(),
  }
}
