import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TestClock } from '../src/index.ts'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const LIST = '/union/promoter/promotion/list'

for (const dialect of DIALECTS) {
  describe(`${dialect}: access tokens`, () => {
    let p: TestPlatform
    const clock = new TestClock(Date.UTC(2026, 10, 1, 8, 0, 0))
    before(async () => {
      p = await createTestPlatform(dialect, { clock, config: { tokenDailyQuota: 5 } })
    })
    after(() => p.close())

    const json = async (res: Response | Promise<Response>) => (await res).json() as Promise<any>
    const token = (appid: string, secret: string, grant = 'client_credential') =>
      json(p.app.request(`/cgi-bin/token?grant_type=${grant}&appid=${appid}&secret=${secret}`))
    const stable = (body: unknown) =>
      json(
        p.app.request('/cgi-bin/stable_token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    const call = (t: string) => p.get(LIST, t).then((r) => r.errcode as number)

    test('/cgi-bin/token answers exactly {access_token, expires_in: 7200}', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const body = await token(appid, secret)
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in'])
      assert.equal(body.expires_in, 7200)
      assert.ok(body.access_token.length >= 43, 'at least 256 bits of randomness')
      assert.equal(await call(body.access_token), 0)
    })

    test('credential errors: 40002, 41002, 41004, 40013, 40125, 40001', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      assert.equal((await token(appid, secret, 'password')).errcode, 40002)
      assert.equal(
        (await json(p.app.request(`/cgi-bin/token?grant_type=client_credential&secret=${secret}`)))
          .errcode,
        41002,
      )
      assert.equal(
        (await json(p.app.request(`/cgi-bin/token?grant_type=client_credential&appid=${appid}`)))
          .errcode,
        41004,
      )
      assert.equal((await token('wx0000000000000000', secret)).errcode, 40013)
      assert.equal((await token(appid, 'not-a-secret')).errcode, 40125)
      const wrong = await token(appid, '0'.repeat(32))
      assert.equal(wrong.errcode, 40001)
      assert.ok(!wrong.errmsg.includes(secret))
    })

    test('a new token supersedes the previous one after a 5-minute grace', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const first = (await token(appid, secret)).access_token
      const second = (await token(appid, secret)).access_token
      assert.equal(await call(first), 0, 'still valid inside the grace')
      assert.equal(await call(second), 0)
      clock.advance(299)
      assert.equal(await call(first), 0)
      clock.advance(1)
      assert.equal(await call(first), 40001, 'not latest after 300 s')
      assert.equal(await call(second), 0)
    })

    test('an expired token answers 42001; missing 41001; unknown 40001', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const t = (await token(appid, secret)).access_token
      clock.advance(7199)
      assert.equal(await call(t), 0)
      clock.advance(1)
      assert.equal(await call(t), 42001)
      const res = await p.app.request(LIST)
      assert.equal(((await res.json()) as any).errcode, 41001)
      assert.equal(await call('garbage'), 40001)
    })

    test('a disabled account gets 48001 on union calls until re-enabled', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const t = (await token(appid, secret)).access_token
      await p.services.promoters.setStatus(appid, 'disabled')
      assert.equal(await call(t), 48001)
      await p.services.promoters.setStatus(appid, 'active')
      assert.equal(await call(t), 0)
    })

    test('the daily /cgi-bin/token quota answers 45009', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      for (let i = 0; i < 5; i++) assert.ok((await token(appid, secret)).access_token)
      assert.equal((await token(appid, secret)).errcode, 45009)
    })

    test('stable_token: the same token with the remaining lifetime, rolled 5 minutes early', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const body = { grant_type: 'client_credential', appid, secret }
      const a = await stable(body)
      assert.deepEqual(Object.keys(a).sort(), ['access_token', 'expires_in'])
      assert.equal(a.expires_in, 7200)
      clock.advance(100)
      const b = await stable(body)
      assert.equal(b.access_token, a.access_token)
      assert.equal(b.expires_in, 7100)
      clock.advance(6800) // 300 s left: a normal call rolls it
      const c = await stable(body)
      assert.notEqual(c.access_token, a.access_token)
      assert.equal(c.expires_in, 7200)
      assert.equal(await call(a.access_token), 0, 'the rolled token lives out its own time')
      clock.advance(300)
      assert.equal(await call(a.access_token), 42001)
      assert.equal(await call(c.access_token), 0)
    })

    test('stable_token force_refresh revokes at once, 30 s apart, 20 a day', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const body = { grant_type: 'client_credential', appid, secret }
      const a = (await stable(body)).access_token
      const b = (await stable({ ...body, force_refresh: true })).access_token
      assert.notEqual(a, b)
      assert.equal(await call(a), 40001)
      const tooSoon = (await stable({ ...body, force_refresh: true })).access_token
      assert.equal(tooSoon, b, 'within 30 s no refresh happens')
      let current = b
      for (let i = 1; i < 20; i++) {
        clock.advance(30)
        current = (await stable({ ...body, force_refresh: true })).access_token
      }
      clock.advance(30)
      const twentyFirst = (await stable({ ...body, force_refresh: true })).access_token
      assert.equal(twentyFirst, current, 'beyond 20 a day the current token comes back')
    })

    test('classic and stable tokens are independent', async () => {
      const { appid, secret } = await p.services.promoters.create('t')
      const s = (await stable({ grant_type: 'client_credential', appid, secret })).access_token
      const c1 = (await token(appid, secret)).access_token
      await token(appid, secret)
      clock.advance(301)
      assert.equal(await call(s), 0, 'classic refreshes do not touch the stable token')
      assert.equal(await call(c1), 40001)
      await stable({ grant_type: 'client_credential', appid, secret, force_refresh: true })
      const c3 = (await token(appid, secret)).access_token
      assert.equal(await call(c3), 0)
    })

    test('stable_token validates its JSON body like WeChat', async () => {
      assert.equal((await stable({ appid: 'x', secret: 'y' })).errcode, 40002)
      assert.equal((await stable({ grant_type: 'client_credential', secret: 'y' })).errcode, 41002)
      assert.equal((await stable({ grant_type: 'client_credential', appid: 'x' })).errcode, 41004)
    })
  })
}
