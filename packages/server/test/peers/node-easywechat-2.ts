/**
 * node-easywechat 2.x (`app.union`, UnionClient). Requests go through axios 1.x: the caller's
 * params first and access_token last, arrays as `name[]=`, `:` kept raw, spaces as `+`; bodies
 * JSON.stringify with `Content-Type: application/json`.
 */
import assert from 'node:assert/strict'
import { jsonOrderInfo, onlyShop, type PeerFixture } from './fixture.ts'

const JSON_TYPE = 'application/json'

const fixture: PeerFixture = {
  peer: 'node-easywechat 2.x',
  source:
    'github.com/hpyer/node-easywechat branch 2.x (2.13.1): src/MiniProgram/Union/UnionClient.ts, src/Core/BaseClient.ts, src/Core/BaseAccessToken.ts (applyToRequest); axios ^1.6',
  requests: [
    {
      call: 'createPromotion(name)',
      method: 'POST',
      path: '/union/promoter/promotion/add',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"promotionSourceName":"朋友圈 2"}',
      expect: { errcode: 0 },
    },
    {
      call: 'getPromotionSourceList()',
      method: 'GET',
      path: '/union/promoter/promotion/list',
      query: 'start=0&limit=20&access_token={token}',
      expect: { errcode: 0, check: (b) => assert.equal(b.total, 2) },
    },
    {
      call: 'getProductList({ from: 0, limit: 10, shopAppIds: [shop] })',
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'from=0&limit=10&shopAppIds[]={shopAppId}&access_token={token}',
      note: 'a JS array is sent as shopAppIds[]=',
      expect: {
        errcode: 0,
        check: onlyShop,
      },
    },
    {
      call: "getProductList({ from: 0, limit: 10, query: '儿童 床', sortType: 2 })",
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'from=0&limit=10&query=%E5%84%BF%E7%AB%A5+%E5%BA%8A&sortType=2&access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: 'getFeaturedProducts({ from: 0, limit: 10, shippingMethods: JSON.stringify({ express: 1 }) })',
      method: 'GET',
      path: '/union/promoter/product/select',
      query: 'from=0&limit=10&shippingMethods=%7B%22express%22:1%7D&access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: 'getProductMaterial(pid, productList)',
      method: 'POST',
      path: '/union/promoter/product/generate',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"pid":"{pid}","productList":[{"productId":"{productId}","appId":"{shopAppId}","customizeInfo":"user-42"}]}',
      expect: { errcode: 0 },
    },
    jsonOrderInfo('getOrderInfo([orderId])'),
    {
      call: 'searchOrder()',
      method: 'GET',
      path: '/union/promoter/order/search',
      query: 'page=1&startTimestamp=&endTimestamp=&commissionStatus=&access_token={token}',
      note: 'unset filters sent as empty strings',
      expect: { errcode: 0, check: (b) => assert.equal(b.totalNum, 1) },
    },
    {
      call: 'getTargetPlanInfo({ planInvitationUrl })',
      method: 'GET',
      path: '/union/promoter/target/plan_info',
      query: 'planInvitationUrl={planInvitationUrl|axios}&access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: 'applyJoinTargetPlan({ planId, applyReason })',
      method: 'POST',
      path: '/union/promoter/target/apply_target',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"planId":"{planId}","applyReason":"reason"}',
      expect: { errcode: 0 },
    },
    {
      call: 'getTargetPlanStatus({ planId })',
      method: 'GET',
      path: '/union/promoter/target/apply_status',
      query: 'planId={planId}&access_token={token}',
      expect: { errcode: 0 },
    },
  ],
}

export default fixture
