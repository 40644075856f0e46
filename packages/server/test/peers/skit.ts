/**
 * SKIT.FlurlHttpClient.Wechat (.NET). Requests of WechatApiClientExecuteUnionPromoterExtensions
 * with the request models of Models/UnionPromoter: Flurl puts access_token first and the
 * SetQueryParam calls in order (null values left out, values escaped like encodeURIComponent);
 * POST bodies are System.Text.Json with SKIT's defaults (nulls omitted, UnsafeRelaxedJsonEscaping,
 * `long` ids as JSON numbers) in a StringContent, so `application/json; charset=utf-8`.
 */
import assert from 'node:assert/strict'
import { hasOrder, onlyShop, type PeerFixture } from './fixture.ts'

const JSON_UTF8 = 'application/json; charset=utf-8'

const fixture: PeerFixture = {
  peer: 'SKIT.FlurlHttpClient.Wechat 3.x',
  source:
    'github.com/fudiwei/DotNetCore.SKIT.FlurlHttpClient.Wechat src/SKIT.FlurlHttpClient.Wechat.Api/Extensions/WechatApiClientExecuteUnionPromoterExtensions.cs, Models/UnionPromoter/*; SKIT.FlurlHttpClient.Common CommonClientBase, SystemTextJsonSerializer',
  requests: [
    {
      call: 'ExecuteUnionPromoterPromotionListAsync',
      method: 'GET',
      path: '/union/promoter/promotion/list',
      query: 'access_token={token}&start=0&limit=20',
      expect: {
        errcode: 0,
        check: (b, ctx) => assert.equal(b.promotionSourceList[0].promotionSourcePid, ctx.pid),
      },
    },
    {
      call: 'ExecuteUnionPromoterProductCategoryAsync',
      method: 'GET',
      path: '/union/promoter/product/category',
      query: 'access_token={token}',
      expect: { errcode: 0, check: (b) => assert.ok(b.productCats.length > 0) },
    },
    {
      call: 'ExecuteUnionPromoterProductListAsync',
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'access_token={token}&hasCoupon=1&shopAppIds={shopAppId}&from=0&limit=20',
      note: 'shopAppIds comma-joined, hasCoupon from a bool',
      expect: {
        errcode: 0,
        check: onlyShop,
      },
    },
    {
      call: 'ExecuteUnionPromoterProductListAsync',
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'access_token={token}&productId={productId}&from=0&limit=20',
      note: 'ProductIdList is long[], joined',
      expect: {
        errcode: 0,
        check: (b, ctx) => assert.equal(b.productList[0].productId, ctx.productId),
      },
    },
    {
      call: 'ExecuteUnionPromoterProductSelectAsync',
      method: 'GET',
      path: '/union/promoter/product/select',
      query: 'access_token={token}&shippingMethods=null&addressList=null&from=0&limit=20',
      note: 'unset ShippingMethods/AddressList serialised as the literal null',
      expect: { errcode: 0 },
    },
    {
      call: 'ExecuteUnionPromoterProductSelectAsync',
      method: 'GET',
      path: '/union/promoter/product/select',
      query:
        'access_token={token}&shippingMethods=%7B%22express%22%3A1%2C%22same_city%22%3A0%2C%22pickup%22%3A0%7D&addressList=%5B%7B%22addressInfo%22%3A%7B%22provinceName%22%3A%22%E5%B9%BF%E4%B8%9C%E7%9C%81%22%2C%22cityName%22%3A%22%22%2C%22countyName%22%3A%22%22%7D%7D%5D&from=0&limit=20',
      note: 'same_city spelling; Chinese unescaped in the JSON, then percent-encoded',
      expect: { errcode: 0 },
    },
    {
      call: 'ExecuteUnionPromoterProductGenerateAsync',
      method: 'POST',
      path: '/union/promoter/product/generate',
      query: 'access_token={token}',
      contentType: JSON_UTF8,
      body: '{"pid":"{pid}","productList":[{"productId":{productId},"appId":"{shopAppId}"}]}',
      note: 'productId is a long beyond 2^53',
      expect: {
        errcode: 0,
        check: (b, ctx) => assert.equal(b.list[0].productInfo.productId, ctx.productId),
      },
    },
    {
      call: 'ExecuteUnionPromoterProductParseTagAsync',
      method: 'POST',
      path: '/union/promoter/product/parse_tag',
      query: 'access_token={token}',
      contentType: JSON_UTF8,
      body: '{"tagList":["#小程序://好物/商品/unknown"]}',
      expect: { errcode: 0, check: (b) => assert.equal(b.tagList[0].errcode, 37027) },
    },
    {
      call: 'ExecuteUnionPromoterOrderInfoAsync',
      method: 'POST',
      path: '/union/promoter/order/info',
      query: 'access_token={token}',
      contentType: JSON_UTF8,
      body: '{"orderIdList":[{orderId}]}',
      note: 'OrderIdList is long[]: a 19-digit id as a JSON number',
      expect: { errcode: 0, check: hasOrder },
    },
    {
      call: 'ExecuteUnionPromoterOrderSearchAsync',
      method: 'GET',
      path: '/union/promoter/order/search',
      query: 'access_token={token}&page=1',
      expect: { errcode: 0, check: hasOrder },
    },
    {
      call: 'ExecuteUnionPromoterOrderSearchNormalOrderAsync',
      method: 'GET',
      path: '/union/promoter/order/search_normal_order',
      query:
        'access_token={token}&outOrderId=out-1&outOrderIdList=o%2Cu%2Ct%2C-%2C1&offset=0&limit=10',
      note: 'SKIT joins the characters of OutOrderId into outOrderIdList: accepted, matches nothing',
      expect: { errcode: 0, check: (b) => assert.equal(b.total, 0) },
    },
    {
      call: 'ExecuteUnionPromoterTargetPlanInfoAsync',
      method: 'GET',
      path: '/union/promoter/target/plan_info',
      query: 'access_token={token}&planInvitationUrl={planInvitationUrl|uri}',
      expect: {
        errcode: 0,
        check: (b, ctx) => {
          assert.equal(b.targetPlanInfo.planId, ctx.planId)
          assert.match(b.productListInfo[0].productDetailInfo.totalSoldNum, /^\d+$/)
        },
      },
    },
    {
      call: 'ExecuteUnionPromoterTargetApplyTargetAsync',
      method: 'POST',
      path: '/union/promoter/target/apply_target',
      query: 'access_token={token}',
      contentType: JSON_UTF8,
      body: '{"planId":"{planId}","applyReason":"粉丝画像匹配"}',
      expect: { errcode: 0 },
    },
    {
      call: 'ExecuteUnionPromoterTargetApplyStatusAsync',
      method: 'GET',
      path: '/union/promoter/target/apply_status',
      query: 'access_token={token}&planId={planId}',
      expect: { errcode: 0, check: (b) => assert.equal(b.data.promoterStatus, 1) },
    },
    {
      call: 'ExecuteUnionPromoterOpenProductListAsync',
      method: 'GET',
      path: '/union/promoter/open_product/list',
      query: 'access_token={token}&from=0&limit=20',
      expect: { errcode: 0, check: (b) => assert.ok(b.total > 0) },
    },
    {
      call: 'ExecuteUnionPromoterOpenProductGenerateAsync',
      method: 'POST',
      path: '/union/promoter/open_product/generate',
      query: 'access_token={token}',
      contentType: JSON_UTF8,
      body: '{"pid":"{pid}","getShortUrl":true,"productList":[{"productId":{productId},"appId":"{shopAppId}","customizeInfo":"u-1"}]}',
      expect: { errcode: 0, check: (b, ctx) => assert.equal(b.list[0].productId, ctx.productId) },
    },
    {
      call: 'ExecuteUnionPromoterOpenAccountGetAsync',
      method: 'GET',
      path: '/union/promoter/open_account/get',
      query: 'access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: 'ExecuteUnionPromoterOpenAccountGetCustomizeInfoAsync',
      method: 'GET',
      path: '/union/promoter/open_account/get_customize_info',
      query: 'access_token={token}&unionid=oTmHYjg6ZsBv3pVZ9BSWvHaLyFOg',
      expect: { errcode: 0, check: (b) => assert.equal(b.customizeInfo, '') },
    },
  ],
}

export default fixture
