/**
 * Helpers of the successor-API tests: a platform with a small catalogue and a 机构, calls that
 * return the raw text beside the parsed JSON (uint64 ids are bare JSON numbers), the admin API,
 * and a sharer taken through the stand-in for wx.openBusinessView.
 * @module
 */
import assert from 'node:assert/strict'
import type { Clock, Dialect } from '../src/index.ts'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { createTestPlatform, type TestPlatform } from './support.ts'

export const PROMOTER = '/channels/ec/promoter'
export const LEAGUE = '/channels/ec/league/headsupplier'
export const ADMIN_KEY = 'tka_store_test_admin_key-00000000000'

export interface StorePlatform extends TestPlatform {
  inst: { appid: string; secret: string; token: string; miniprogramAppid: string }
  /** POST a JSON body (or raw text) to a store path; the JSON answer and its text. */
  store(path: string, body: unknown, token?: string): Promise<any>
  storeText(
    path: string,
    body: string,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<string>
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /** Submit the wx.openBusinessView stand-in page: its HTTP status and HTML. */
  businessView(
    queryString: string,
    action: string,
    extra?: { commissionType?: number; commissionRatio?: number; headSupplierAppid?: string },
  ): Promise<{ status: number; text: string }>
  /** A fresh access_token for the 机构 (after the test clock passed the old one's expiry). */
  relogin(): Promise<void>
  /** Register and bind a new person through get_promoter_register_and_bind_status and the control page. */
  bindThroughPage(
    openid: string,
    extra?: { commissionType?: number; commissionRatio?: number; simple?: boolean },
  ): Promise<string>
}

export async function createStorePlatform(
  dialect: Dialect,
  options: { products?: number; clock?: Clock; config?: Record<string, unknown> } = {},
): Promise<StorePlatform> {
  const p = await createTestPlatform(dialect, { clock: options.clock, config: options.config })
  await p.services.settings.ensureAdminKey(ADMIN_KEY)
  await seedCatalogue(p.database.db, { products: options.products ?? 60, seed: 3 })
  const inst = await p.institution()
  const storeText: StorePlatform['storeText'] = async (
    path,
    body,
    token = inst.token,
    headers = {},
  ) => {
    const res = await p.app.request(`${path}?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers,
      body,
    })
    assert.equal(res.status, 200, path)
    return res.text()
  }
  const admin: StorePlatform['admin'] = async (method, path, body) => {
    const res = await p.app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }
  const store: StorePlatform['store'] = async (path, body, token) =>
    JSON.parse(await storeText(path, JSON.stringify(body), token))
  const businessView: StorePlatform['businessView'] = async (queryString, action, extra = {}) => {
    const form = new URLSearchParams({ queryString, action })
    for (const [k, v] of Object.entries(extra)) form.set(k, String(v))
    const res = await p.app.request('/open-business-view', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    return { status: res.status, text: await res.text() }
  }
  return {
    ...p,
    inst,
    businessView,
    store,
    storeText,
    admin,
    async relogin() {
      const res = await p.app.request(
        `/cgi-bin/token?grant_type=client_credential&appid=${inst.appid}&secret=${inst.secret}`,
      )
      inst.token = ((await res.json()) as { access_token: string }).access_token
    },
    async bindThroughPage(openid, extra = {}) {
      const simple = extra.simple === true
      const status = `${PROMOTER}/get_promoter_register_and_bind_status`
      const first = await store(status, { sharer_openid: openid, is_simple_register: simple })
      assert.equal(first.register_status, 0)
      const view = async (
        queryString: string,
        action: string,
        extra?: Record<string, number | string>,
      ) => {
        const r = await businessView(queryString, action, extra)
        assert.equal(r.status, 200, r.text)
      }
      await view(first.register_query_string, 'register')
      const second = await store(status, { sharer_openid: openid, is_simple_register: simple })
      assert.equal(second.register_status, 2)
      await view(second.bind_query_string, 'bind', {
        commissionType: extra.commissionType ?? (simple ? 1 : 0),
        commissionRatio: extra.commissionRatio ?? 500000,
        headSupplierAppid: inst.appid,
      })
      const third = await store(status, { sharer_openid: openid, is_simple_register: simple })
      assert.equal(third.bind_status, 1)
      return third.sharer_appid as string
    },
  }
}

/** Listed products of the test catalogue, in catalogue order. */
export async function listedProducts(p: TestPlatform) {
  return p.database.db
    .selectFrom('products')
    .select([
      'pk',
      'id',
      'shop_appid',
      'min_price',
      'sold',
      'commission_ratio',
      'title',
      'cat1',
      'cat2',
      'cat3',
      'status',
    ])
    .where('status', '=', 5)
    .orderBy('pk')
    .execute()
}
