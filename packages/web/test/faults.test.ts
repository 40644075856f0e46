/**
 * The operator console's fault page through app.request: add a rule, see it fire in the log,
 * a refused rule names its field, remove it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { OpenDatabase } from '@tuike/server'
import { accessToken } from '@tuike/testkit'
import type { Hono } from 'hono'
import { browser, consoleOver } from './support.ts'

const ADMIN_KEY = 'tka_console_faults_test_0123456789abcdef'

describe('web console: fault injection page', () => {
  let database: OpenDatabase
  let app: Hono
  let creds: { appid: string; secret: string }
  let b: ReturnType<typeof browser>
  let csrf = ''
  const request = (path: string) => b.request(path)
  const post = (path: string, form: Record<string, string>) =>
    b.post(path, { _csrf: csrf, ...form })

  before(async () => {
    const { tuike, ...over } = await consoleOver(ADMIN_KEY)
    ;({ database, app } = over)
    b = browser(app)
    creds = await tuike.services.promoters.create('故障测试')
    csrf = b.csrfOf(await (await request('/ops/login')).text())
    const signedIn = await post('/ops/login', { key: ADMIN_KEY })
    assert.equal(signedIn.status, 303)
    csrf = b.csrfOf(await (await request('/ops/faults')).text())
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

    const access_token = await accessToken((path, init) => app.request(path, init), creds)
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
