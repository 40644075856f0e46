/**
 * The successor API's wire format and its 推客 (sharer) accounts, on every dialect: 机构 tokens,
 * body parsing and errcodes (§1.2, §2.4), registration and binding through the stand-in for
 * wx.openBusinessView (§4.1, §4.2), the bound-sharer list (§4.3), unbinding (§4.4) and the
 * commission settings (§4.5, §5.3, §5.4).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { STORE_ENDPOINT_LIST } from '@tuike/contract'
import { createStorePlatform, LEAGUE, listedProducts, PROMOTER } from './store-support.ts'
import { eachDialect, openForSuite } from './support.ts'

const STATUS = `${PROMOTER}/get_promoter_register_and_bind_status`
const LIST = `${PROMOTER}/get_bind_sharer_list`
const UNBIND = `${PROMOTER}/headsupplier_unbind_promoter`
const SET = `${PROMOTER}/set_sharer_commission_info`
const SET_PRODUCT = `${PROMOTER}/set_sharer_product_commission_info`
const GET_PRODUCT = `${PROMOTER}/get_sharer_product_commission_info`

const rid = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/

eachDialect('successor API wire format and sharer accounts', (dialect) => {
  const p = openForSuite(() => createStorePlatform(dialect, { products: 20 }))

  test('operator API: create a 机构 and a bound sharer; bad input is 400, a missing key 401', async () => {
    const created = await p.admin('POST', '/admin/v1/institutions', { name: '星河机构' })
    assert.equal(created.status, 201)
    assert.match(created.body.appid, /^wx[0-9a-f]{16}$/)
    assert.match(created.body.secret, /^[0-9a-f]{32}$/)
    assert.match(created.body.username, /^gh_[0-9a-f]{12}$/)
    const token = await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${created.body.appid}&secret=${created.body.secret}`,
    )
    assert.ok(((await token.json()) as any).access_token)
    assert.equal((await p.admin('POST', '/admin/v1/institutions', { name: '' })).status, 400)
    const listed = await p.admin('GET', '/admin/v1/institutions')
    assert.ok(
      listed.body.institutions.some(
        (i: any) => i.appid === created.body.appid && i.callback === null,
      ),
    )
    assert.ok(
      !(await p.admin('GET', '/admin/v1/promoters')).body.promoters.some(
        (x: any) => x.appid === created.body.appid,
      ),
    )
    const sharer = await p.admin('POST', `/admin/v1/institutions/${created.body.appid}/sharers`, {
      simpleRegister: true,
    })
    assert.equal(sharer.status, 201)
    assert.deepEqual(Object.keys(sharer.body).sort(), ['sharer_appid', 'sharer_openid'])
    assert.match(sharer.body.sharer_openid, /^o[\w-]{27}$/)
    const refused = await p.admin('POST', `/admin/v1/institutions/${created.body.appid}/sharers`, {
      simpleRegister: true,
      commissionType: 0,
    })
    assert.equal(refused.status, 400)
    assert.equal((await p.admin('GET', '/admin/v1/institutions/wx0000000000000000')).status, 404)
    const anon = await p.app.request('/admin/v1/institutions', {
      method: 'POST',
      body: '{"name":"x"}',
    })
    assert.equal(anon.status, 401)
  })

  test('tokens: a 推客 token gets 48001 on /channels/ec/*, a 机构 token 48001 on the union', async () => {
    const promoter = await p.promoter()
    const a = await p.store(LIST, { page_size: 10 }, promoter.token)
    assert.equal(a.errcode, 48001)
    assert.match(a.errmsg, /机构/)
    const b = await p.get('/union/promoter/promotion/list', p.inst.token, { start: 0, limit: 10 })
    assert.equal(b.errcode, 48001)
    assert.equal((await p.store(LIST, {}, 'nonsense')).errcode, 40001)
    const none = await p.app.request(LIST, { method: 'POST', body: '{}' })
    assert.equal(((await none.json()) as any).errcode, 41001)
    const get = await p.app.request(`${LIST}?access_token=${p.inst.token}`)
    assert.equal(((await get.json()) as any).errcode, 43002)
  })

  test('an empty or non-object body is 10071003 on promoter paths and 10024000 on league paths', async () => {
    for (const [path, code] of [
      [LIST, 10071003],
      [`${LEAGUE}/order/list/get`, 10024000],
    ] as const) {
      for (const body of ['', '  ', '[]', '"x"', '{"page_size":', 'null']) {
        const r = JSON.parse(await p.storeText(path, body))
        assert.equal(r.errcode, code, `${path} ${JSON.stringify(body)}`)
        assert.match(r.errmsg, /^参数错误: .*body/)
        assert.match(r.errmsg, rid)
      }
    }
  })

  test("every endpoint: an empty body is its row's bodyErrcode, a bad field its parameter errcode", async () => {
    for (const ep of STORE_ENDPOINT_LIST) {
      const empty = JSON.parse(await p.storeText(ep.path, ''))
      assert.equal(empty.errcode, ep.bodyErrcode, ep.path)
      const bad = JSON.parse(
        await p.storeText(ep.path, '{"page_size":"x","order_id":"x","sharer_appid":7}'),
      )
      assert.equal(bad.errcode, ep.paramErrcode, `${ep.path}: ${JSON.stringify(bad)}`)
      assert.ok(ep.errcodes.includes(bad.errcode) && ep.errcodes.includes(empty.errcode), ep.path)
    }
  })

  test('the body is JSON whatever the content type; nulls and "" count as absent', async () => {
    const kinds: Record<string, string>[] = [
      {},
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'text/plain; charset=gbk' },
    ]
    for (const headers of kinds) {
      const text = await p.storeText(
        LIST,
        '{"next_key":"","page_size":"5","sharer_appid":null}',
        p.inst.token,
        headers,
      )
      const r = JSON.parse(text)
      assert.equal(r.errcode, 0, text)
      assert.equal(r.errmsg, 'ok')
      assert.match(text, /^\{"errcode":0,"errmsg":"ok",/)
    }
    const r = await p.store(LIST, { page_size: 21 })
    assert.equal(r.errcode, 10024000)
    assert.match(r.errmsg, /^参数错误: page_size must be <= 20 rid: /)
  })

  test('status by a new openid: register_status 0 with the registration step pending', async () => {
    const r = await p.store(STATUS, {
      sharer_openid: 'oNewPerson000000000000000001',
      is_simple_register: 1,
    })
    assert.deepEqual(
      { ...r, register_query_string: undefined },
      {
        errcode: 0,
        errmsg: 'ok',
        bind_status: 0,
        register_status: 0,
        register_business_type: 'CreatorApplyments',
        register_query_string: undefined,
        bind_business_type: '',
        bind_query_string: '',
        sharer_appid: '',
      },
    )
    assert.match(
      r.register_query_string,
      /^redirect_url=%2Fauth%2Fpages%2Fauthorization%2Findex&is_simple_register=1&is_from_promoter=1&tuike_ticket=[\w-]+\.[\w-]+$/,
    )
    const missing = await p.store(STATUS, { is_simple_register: true })
    assert.equal(missing.errcode, 10024000)
    assert.match(missing.errmsg, /sharer_openid or sharer_appid/)
    const unknown = await p.store(STATUS, {
      sharer_appid: 'wx0000000000000000',
      is_simple_register: true,
    })
    assert.equal(unknown.errcode, 10024000)
  })

  test('register and bind through the stand-in page; the status then carries sharer_appid', async () => {
    const openid = 'oBindMe000000000000000000001'
    const sharer = await p.bindThroughPage(openid, { commissionRatio: 400000 })
    assert.match(sharer, /^wx[0-9a-f]{16}$/)
    const byAppid = await p.store(STATUS, { sharer_appid: sharer, is_simple_register: false })
    assert.equal(byAppid.bind_status, 1)
    assert.equal(byAppid.register_status, 2)
    assert.equal(byAppid.bind_business_type, '')
    const list = await p.store(LIST, { sharer_openid: openid, page_size: 5 })
    assert.equal(list.sharer_info_list.length, 1)
    assert.equal(list.sharer_info_list[0].commission_ratio, 400000)
    assert.equal(list.sharer_info_list[0].commission_type, 0)
  })

  test('the page refuses a bind before registration, a wrong 机构, and 平台分佣 for a simple registration', async () => {
    const openid = 'oPageRules00000000000000001'
    const first = await p.store(STATUS, { sharer_openid: openid, is_simple_register: true })
    const call = (queryString: string, action: string, extra?: Record<string, number | string>) =>
      p.businessView(queryString, action, extra)
    const registerStatus = async () =>
      (await p.store(STATUS, { sharer_openid: openid, is_simple_register: true })).register_status
    assert.equal((await call(first.register_query_string, 'bind')).status, 400)
    // Change the MAC's last character (to one it is not: a fixed 'x' matched 1 time in 64).
    const tampered = first.register_query_string.replace(/.$/, (c: string) =>
      c === 'x' ? 'y' : 'x',
    )
    const forged = await call(tampered, 'register')
    assert.equal(forged.status, 400)
    assert.match(forged.text, /tuike_ticket/)
    assert.equal(await registerStatus(), 0, 'nothing changed')
    assert.equal((await call(first.register_query_string, 'register-needs-real-name')).status, 200)
    const again = await p.store(STATUS, { sharer_openid: openid, is_simple_register: true })
    assert.equal(again.register_status, 3)
    assert.equal(again.register_business_type, 'CreatorApplyments')
    await call(again.register_query_string, 'register')
    const ready = await p.store(STATUS, { sharer_openid: openid, is_simple_register: true })
    const bad = await call(ready.bind_query_string, 'bind', {
      commissionType: 0,
      commissionRatio: 200000,
      headSupplierAppid: p.inst.appid,
    })
    assert.equal(bad.status, 400)
    assert.match(bad.text, /needs a full registration/)
    const other = await call(ready.bind_query_string, 'bind', {
      commissionType: 1,
      commissionRatio: 1,
      headSupplierAppid: 'wx0000000000000000',
    })
    assert.equal(other.status, 400)
    assert.equal((await call(ready.bind_query_string, 'refuse')).status, 200)
    const status = () => p.store(STATUS, { sharer_openid: openid, is_simple_register: true })
    assert.equal((await status()).bind_status, 0, 'refusing binds nothing')
    const ok = await call(ready.bind_query_string, 'bind', {
      commissionType: 1,
      commissionRatio: 1,
      headSupplierAppid: p.inst.appid,
    })
    assert.equal(ok.status, 200)
    assert.match(ok.text, /已绑定/)
    assert.equal((await status()).bind_status, 1)
  })

  test("an openid of another 机构's mini program is 10071056", async () => {
    const other = await p.institution('other 机构')
    const openid = 'oOtherMiniProgram00000000001'
    await p.store(STATUS, { sharer_openid: openid, is_simple_register: false }, other.token)
    const r = await p.store(STATUS, { sharer_openid: openid, is_simple_register: false })
    assert.equal(r.errcode, 10071056)
    assert.equal((await p.store(LIST, { sharer_openid: openid })).errcode, 10071056)
  })

  test('the bound-sharer list pages by next_key in bind order; a key is bound to its filters', async () => {
    const inst = await p.institution('list 机构')
    const made = []
    for (let i = 0; i < 5; i++)
      made.push((await p.services.sharers.createBound(inst.appid, {})).sharer_appid)
    const seen: string[] = []
    let key = ''
    for (let page = 0; page < 10; page++) {
      const r = await p.store(LIST, { next_key: key, page_size: 2 }, inst.token)
      assert.equal(r.errcode, 0)
      seen.push(...r.sharer_info_list.map((s: any) => s.sharer_appid))
      key = r.next_key
      if (!key) break
      assert.ok(r.sharer_info_list.length === 2)
    }
    assert.deepEqual([...seen].sort(), [...made].sort())
    assert.equal(new Set(seen).size, 5)
    const first = await p.store(LIST, { page_size: 2 }, inst.token)
    const reused = await p.store(
      LIST,
      { page_size: 2, next_key: first.next_key, sharer_appid: made[0] },
      inst.token,
    )
    assert.equal(reused.errcode, 10024000)
    assert.match(reused.errmsg, /next_key/)
    assert.equal((await p.store(LIST, { next_key: 'garbage' }, inst.token)).errcode, 10024000)
    const none = await p.store(LIST, { sharer_appid: 'wx1111111111111111' }, inst.token)
    assert.deepEqual([none.sharer_info_list, none.next_key], [[], ''])
  })

  test('set_sharer_commission_info: bound sharers only; simple registrations cannot take 平台分佣', async () => {
    const full = (await p.services.sharers.createBound(p.inst.appid, {})).sharer_appid
    const simple = (await p.services.sharers.createBound(p.inst.appid, { simpleRegister: true }))
      .sharer_appid
    assert.deepEqual(
      await p.store(SET, { sharer_appid: full, commission_type: 0, commission_ratio: '150000' }),
      { errcode: 0, errmsg: 'ok' },
    )
    const listed = await p.store(LIST, { sharer_appid: full })
    assert.equal(listed.sharer_info_list[0].commission_ratio, 150000)
    assert.equal(
      (await p.store(SET, { sharer_appid: simple, commission_type: 0, commission_ratio: 150000 }))
        .errcode,
      10024000,
    )
    assert.equal(
      (await p.store(SET, { sharer_appid: simple, commission_type: 1, commission_ratio: 1 }))
        .errcode,
      0,
    )
    assert.equal(
      (await p.store(SET, { sharer_appid: full, commission_type: 0, commission_ratio: 10 }))
        .errcode,
      10024000,
    )
    const stranger = (await p.services.sharers.createBound((await p.institution('x')).appid, {}))
      .sharer_appid
    assert.equal(
      (await p.store(SET, { sharer_appid: stranger, commission_type: 1, commission_ratio: 1 }))
        .errcode,
      10071029,
    )
  })

  test('per-product ratios: the override, else the general ratio with is_set false', async () => {
    const sharer = (await p.services.sharers.createBound(p.inst.appid, { commissionRatio: 250000 }))
      .sharer_appid
    const products = await listedProducts(p)
    const product = products.find((x) => x.id.length < 16)
    const big = products.find((x) => BigInt(x.id) > BigInt(Number.MAX_SAFE_INTEGER))!
    const setRatio = (productId: string, ratio: number) =>
      p.store(SET_PRODUCT, { sharer_appid: sharer, product_id: productId, commission_ratio: ratio })
    const before = await p.store(GET_PRODUCT, {
      sharer_appid: sharer,
      product_id: Number(product!.id),
    })
    assert.deepEqual(before, {
      errcode: 0,
      errmsg: 'ok',
      is_set: false,
      commission_ratio: 250000,
    })
    // An id beyond 2^53 sent as a bare JSON number is read from its digits.
    const raw = `{"sharer_appid":"${sharer}","product_id":${big.id},"commission_ratio":700000}`
    assert.equal(JSON.parse(await p.storeText(SET_PRODUCT, raw)).errcode, 0)
    const exact = await p.store(GET_PRODUCT, { sharer_appid: sharer, product_id: big.id })
    assert.deepEqual([exact.is_set, exact.commission_ratio], [true, 700000])
    assert.equal((await setRatio(product!.id, 600000)).errcode, 0)
    const set = await p.store(GET_PRODUCT, { sharer_appid: sharer, product_id: product!.id })
    assert.deepEqual([set.is_set, set.commission_ratio], [true, 600000])
    assert.equal((await setRatio(product!.id, 99999)).errcode, 10024000)
    assert.equal((await setRatio('999', 200000)).errcode, 10024004)
    assert.equal(
      (
        await p.store(GET_PRODUCT, {
          sharer_appid: 'wx2222222222222222',
          product_id: product!.id,
        })
      ).errcode,
      10024000,
    )
    const unbound = (await p.services.sharers.createBound(p.inst.appid, {})).sharer_appid
    await p.store(UNBIND, { sharer_appid: unbound })
    for (const path of [SET_PRODUCT, GET_PRODUCT]) {
      const body = { sharer_appid: unbound, product_id: product!.id, commission_ratio: 200000 }
      assert.equal((await p.store(path, body)).errcode, 10071029, path)
    }
  })

  test('unbind: 10071058 when not bound; the sharer leaves the list and can bind again', async () => {
    const openid = 'oUnbindMe0000000000000000001'
    const sharer = await p.bindThroughPage(openid)
    assert.deepEqual(await p.store(UNBIND, { sharer_appid: sharer }), {
      errcode: 0,
      errmsg: 'ok',
    })
    assert.equal((await p.store(UNBIND, { sharer_appid: sharer })).errcode, 10071058)
    assert.equal((await p.store(UNBIND, {})).errcode, 10071003)
    assert.deepEqual((await p.store(LIST, { sharer_appid: sharer })).sharer_info_list, [])
    const status = await p.store(STATUS, { sharer_openid: openid, is_simple_register: false })
    assert.deepEqual([status.bind_status, status.register_status, status.sharer_appid], [0, 2, ''])
    assert.equal(status.bind_business_type, 'CreatorApplyments')
    assert.equal(
      (await p.store(SET, { sharer_appid: sharer, commission_type: 1, commission_ratio: 1 }))
        .errcode,
      10071029,
    )
    const res = await p.businessView(status.bind_query_string, 'bind', {
      commissionType: 0,
      commissionRatio: 300000,
      headSupplierAppid: p.inst.appid,
    })
    assert.equal(res.status, 200)
    assert.equal(
      (await p.store(LIST, { sharer_appid: sharer })).sharer_info_list[0].commission_ratio,
      300000,
    )
  })
})
