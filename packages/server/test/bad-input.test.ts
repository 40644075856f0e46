import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const ADD = '/union/promoter/promotion/add'
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/

for (const dialect of DIALECTS) {
  describe(`${dialect}: bad input answers WeChat-style`, () => {
    let p: TestPlatform
    let token: string
    before(async () => {
      p = await createTestPlatform(dialect)
      token = (await p.promoter()).token
    })
    after(() => p.close())

    const post = (body: string, contentType?: string, path = ADD) =>
      p.app.request(`${path}?access_token=${token}`, {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        // Bytes: a string body would get fetch's text/plain content type.
        body: new TextEncoder().encode(body),
      })
    const wire = async (res: Response) => {
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type') ?? '', /application\/json/)
      return (await res.json()) as { errcode: number; errmsg: string }
    }

    test('malformed JSON is 47001', async () => {
      const body = await wire(await post('{"promotionSourceName":', 'application/json'))
      assert.equal(body.errcode, 47001)
      assert.match(body.errmsg, /^data format error rid: /)
    })

    test('an empty body is 44002', async () => {
      assert.equal((await wire(await post('', 'application/json'))).errcode, 44002)
    })

    test('a non-JSON content type has its body ignored: the missing-field error, and why', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
        const body = await wire(await post('{"promotionSourceName":"x"}', type))
        assert.equal(body.errcode, 200002, String(type))
        const sent = type ? `Content-Type was ${type}` : 'no Content-Type was sent'
        assert.equal(
          body.errmsg.replace(RID, ''),
          `promotionSourceName cannot be empty (the body is read only as JSON: ${sent}, not application/json)`,
        )
      }
    })

    test('application/json with a charset parameter is accepted', async () => {
      const body = await wire(
        await post('{"promotionSourceName":"charset"}', 'application/json; charset=utf-8'),
      )
      assert.equal(body.errcode, 0)
    })

    test('GET on a POST endpoint is 43002; POST on a GET endpoint is 43001', async () => {
      assert.equal((await wire(await p.app.request(`${ADD}?access_token=${token}`))).errcode, 43002)
      const res = await post('{}', 'application/json', '/union/promoter/promotion/list')
      assert.equal((await wire(res)).errcode, 43001)
    })

    test('a JSON body of the wrong shape names the field', async () => {
      for (const body of ['[]', '"x"', '42', 'null']) {
        const res = await wire(await post(body, 'application/json'))
        assert.equal(res.errcode, 200002, body)
        assert.match(res.errmsg, /^body must be \{"promotionSourceName": "\.\.\."\} rid: /)
      }
      const wrongType = await wire(await post('{"promotionSourceName":7}', 'application/json'))
      assert.equal(wrongType.errcode, 200002)
      assert.match(wrongType.errmsg, /^promotionSourceName must be a string rid: /)
    })

    test('every error message ends with a rid like WeChat', async () => {
      const bodies = [
        await wire(await post('{', 'application/json')),
        await wire(await post('', 'application/json')),
        await wire(await p.app.request('/union/promoter/promotion/list')),
      ]
      for (const b of bodies) assert.match(b.errmsg, RID)
    })

    test('an unknown path is a 404 with a JSON error, not HTML', async () => {
      const res = await p.app.request('/union/promoter/nope')
      assert.equal(res.status, 404)
      const body = (await res.json()) as any
      assert.equal(typeof body.errcode, 'number')
      assert.match(body.errmsg, RID)
    })

    test('bodies over 1 MiB are refused with a JSON error', async () => {
      const big = JSON.stringify({ promotionSourceName: 'x'.repeat(1024 * 1024) })
      const body = await wire(await post(big, 'application/json'))
      assert.equal(body.errcode, 200002)
      assert.match(body.errmsg, /too large/)
    })

    test('empty query values count as absent', async () => {
      const res = await p.app.request(
        `/union/promoter/promotion/list?access_token=${token}&start=&limit=`,
      )
      const body = (await res.json()) as any
      assert.equal(body.errcode, 0)
    })
  })
}
