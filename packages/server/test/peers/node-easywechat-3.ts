/**
 * node-easywechat 3.x has no union module: callers use the access-token-aware client,
 * `app.getClient().get(path, { params })` and `.postJson(path, data)`. axios 1.x serialises the
 * params (access_token merged in last, arrays as `name[]=`); postJson sends JSON.stringify with
 * `Content-Type: application/json`.
 */
import assert from 'node:assert/strict'
import { jsonOrderInfo, type PeerFixture } from './fixture.ts'

const JSON_TYPE = 'application/json'

const fixture: PeerFixture = {
  peer: 'node-easywechat 3.x',
  source:
    'github.com/hpyer/node-easywechat branch 3.x (3.6.x): src/Core/HttpClient/AccessTokenAwareClient.ts, Mixins/HttpClientMethodsMixin.ts (postJson), Mixins/PresetMixin.ts; axios ^1.6',
  requests: [
    {
      call: "client.get('union/promoter/product/list', { params: { from: 0, limit: 20, category: [cat], hasCoupon: 0 } })",
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'from=0&limit=20&category[]={catId}&hasCoupon=0&access_token={token}',
      expect: {
        errcode: 0,
        check: (b, ctx) => {
          assert.ok(b.total < ctx.total, 'the category filter applies')
          for (const x of b.productList) assert.equal(x.product.info.category[0].catId, ctx.catId)
        },
      },
    },
    {
      call: "client.postJson('union/promoter/product/generate', { pid, productList })",
      method: 'POST',
      path: '/union/promoter/product/generate',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"pid":"{pid}","productList":[{"productId":"{productId}","appId":"{shopAppId}"}]}',
      expect: { errcode: 0 },
    },
    jsonOrderInfo("client.postJson('union/promoter/order/info', { orderIdList })"),
    {
      call: "client.get('union/promoter/order/search', { params: { page: 1, pageSize: 20 } })",
      method: 'GET',
      path: '/union/promoter/order/search',
      query: 'page=1&pageSize=20&access_token={token}',
      expect: { errcode: 0, check: (b) => assert.equal(b.pageSize, 20) },
    },
    {
      call: "client.postJson('union/promoter/promotion/add', { promotionSourceName: 123 })",
      method: 'POST',
      path: '/union/promoter/promotion/add',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"promotionSourceName":123}',
      note: 'caller wrong: a number where a string belongs',
      expect: { errcode: 200002, errmsg: /^promotionSourceName must be a string rid: / },
    },
  ],
}

export default fixture
