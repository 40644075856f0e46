import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestPlatform, eachDialect, openForSuite } from './support.ts'

const KEY = 'tka_test-admin-key-00000000000000000'

eachDialect('operator API', (dialect) => {
  const p = openForSuite(() => createTestPlatform(dialect, { adminKey: KEY }))

  const admin = (method: string, path: string, body?: unknown, key = KEY) =>
    p.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  test('without the admin key every admin route answers 401 JSON', async () => {
    for (const key of ['', 'wrong', `${KEY}x`]) {
      const res = await admin('GET', '/admin/v1/promoters', undefined, key)
      assert.equal(res.status, 401)
      const body = (await res.json()) as any
      assert.equal(body.errcode, 40001)
      assert.match(body.errmsg, / rid: /)
    }
  })

  test('a lost admin key is replaced by starting with a new --admin-key; the old one stops', async () => {
    // What `tuike serve --admin-key <new>` does before it serves (docs/operations.md).
    const fresh = 'tka_replacement-admin-key-000000000000'
    await p.services.settings.ensureAdminKey(fresh)
    assert.equal((await admin('GET', '/admin/v1/promoters', undefined, KEY)).status, 401)
    assert.equal((await admin('GET', '/admin/v1/promoters', undefined, fresh)).status, 200)
    await p.services.settings.ensureAdminKey(KEY)
    assert.equal((await admin('GET', '/admin/v1/promoters')).status, 200)
  })

  test('create gives a WeChat-shaped appid and a secret that mints tokens', async () => {
    const res = await admin('POST', '/admin/v1/promoters', { name: '小明' })
    assert.equal(res.status, 201)
    const created = (await res.json()) as any
    assert.match(created.appid, /^wx[0-9a-f]{16}$/)
    assert.match(created.secret, /^[0-9a-f]{32}$/)
    assert.equal(created.name, '小明')
    const token = await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${created.appid}&secret=${created.secret}`,
    )
    assert.ok(((await token.json()) as any).access_token)
    const list = (await (await admin('GET', '/admin/v1/promoters')).json()) as any
    const row = list.promoters.find((x: any) => x.appid === created.appid)
    assert.deepEqual(Object.keys(row).sort(), [
      'appid',
      'createdAt',
      'dailyQuota',
      'minuteQuota',
      'name',
      'promotionMaxCnt',
      'status',
    ])
    assert.equal(JSON.stringify(list).includes(created.secret), false, 'secrets are never listed')
  })

  test('disable, enable, rotate-secret and promotionMaxCnt', async () => {
    const { appid, secret, token } = await p.promoter()
    assert.equal(
      ((await (await admin('POST', `/admin/v1/promoters/${appid}/disable`)).json()) as any).status,
      'disabled',
    )
    assert.equal((await p.get('/union/promoter/promotion/list', token)).errcode, 48001)
    await admin('POST', `/admin/v1/promoters/${appid}/enable`)
    assert.equal((await p.get('/union/promoter/promotion/list', token)).errcode, 0)

    const rotated = (await (
      await admin('POST', `/admin/v1/promoters/${appid}/rotate-secret`)
    ).json()) as any
    assert.notEqual(rotated.secret, secret)
    const old = await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
    assert.equal(((await old.json()) as any).errcode, 40001)
    // Rotation ends the tokens the old secret opened (revocation.test.ts has the rest).
    assert.equal((await p.get('/union/promoter/promotion/list', token)).errcode, 40001)
    const fresh = (await (
      await p.app.request(
        `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${rotated.secret}`,
      )
    ).json()) as any

    const patched = (await (
      await admin('PATCH', `/admin/v1/promoters/${appid}`, { promotionMaxCnt: 7 })
    ).json()) as any
    assert.equal(patched.promotionMaxCnt, 7)
    assert.equal(
      (await p.get('/union/promoter/promotion/list', fresh.access_token)).promotionMaxCnt,
      7,
    )
  })

  test('bad admin input is a 4xx JSON error, never a 500', async () => {
    assert.equal((await admin('POST', '/admin/v1/promoters', { name: '' })).status, 400)
    assert.equal(
      (await admin('PATCH', '/admin/v1/promoters/wx00', { promotionMaxCnt: 'x' })).status,
      400,
    )
    const unknown = await admin('POST', '/admin/v1/promoters/wx0000000000000000/disable')
    assert.equal(unknown.status, 404)
    assert.equal(((await unknown.json()) as any).errcode, 40013)
    const broken = await p.app.request('/admin/v1/promoters', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{"name":',
    })
    assert.equal(broken.status, 400)
  })
})
