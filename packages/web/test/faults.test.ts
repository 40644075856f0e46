/**
 * The operator console's fault page through app.request: add a rule, see it fire in the log,
 * a refused rule names its field, remove it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTuike, type OpenDatabase, openDatabase, silentLogger } from '@tuike/server'
import { Hono } from 'hono'
import { registerConsole } from '../src/index.ts'

const ADMIN_KEY = 'tka_console_faults_test_0123456789abcdef'

describe('web console: fault injection page', () => {
  let database: OpenDatabase
  let app: Hono
  let creds: { appid: string; secret: string }
  const jar = new Map<string, string>()
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await app.request(`http://localhost${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const line of res.headers.getSetCookie()) {
      const [k, v] = line.split(';')[0]!.split('=')
      jar.set(k!, v!)
    }
    return res
  }
  let csrf = ''
  const post = (path: string, form: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, ...form }) })

  before(async () => {
    database = await openDatabase('sqlite::memory:')
    const tuike = await createTuike({ db: database.db, log: silentLogger })
    creds = await tuike.services.promoters.create('故障测试')
    await tuike.services.settings.ensureAdminKey(ADMIN_KEY)
    app = new Hono()
    await registerConsole(app, { db: database.db })
    app.all('*', (c) => tuike.app.fetch(c.req.raw))
    const form = await request('/ops/login')
    csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const signedIn = await post('/ops/login', { key: ADMIN_KEY })
    assert.equal(signedIn.status, 303)
    csrf = /name="_csrf" value="([^"]+)"/.exec(await (await request('/ops/faults')).text())![1]!
  })
  after(() => database.close())

  test('add a rule, see it fire in the log, remove it', async () => {
    assert.match(await (await request('/ops/faults')).text(), /没有故障规则/)
    const added = await post('/ops/faults', {
      kind: 'errcode',
      errcode: '45011',
      appid: creds.appid,
      endpoint: 'product/category',
      times: '1',
    })
    assert.equal(added.status, 303)
    const html = await (await request('/ops/faults?done=added')).text()
    const faultId = /(f_[0-9a-f]{12})/.exec(html)?.[1]
    assert.ok(faultId, 'the rule is listed')
    assert.match(html, /已添加故障规则/)

    const token = await app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${creds.appid}&secret=${creds.secret}`,
    )
    const { access_token } = (await token.json()) as { access_token: string }
    const answer = await app.request(
      `/union/promoter/product/category?access_token=${access_token}`,
    )
    assert.equal(((await answer.json()) as { errcode: number }).errcode, 45011)
    const log = await (await request('/ops/faults')).text()
    assert.match(
      log,
      new RegExp(
        `product/category</td><td class="mono" data-label="规则">${faultId}</td><td data-label="类型">errcode</td><td class="mono" data-label="内容">45011`,
      ),
    )

    const removed = await post('/ops/faults/remove', { faultId: faultId! })
    assert.equal(removed.status, 303)
    assert.match(await (await request('/ops/faults')).text(), /没有故障规则/)
  })

  test('a refused rule shows the field at fault (400)', async () => {
    const res = await post('/ops/faults', { kind: 'latency' })
    assert.equal(res.status, 400)
    assert.match(await res.text(), /latencyMs: required when kind is latency/)
  })
})
