/**
 * EasyWeChat 5.x (PHP), `$app->union`: EasyWeChat\MiniProgram\Union\Client. GET parameters go
 * through Guzzle and are rebuilt by the access-token middleware with http_build_query
 * (access_token first, RFC 1738: arrays as `name%5B0%5D=`, empty strings kept as `name=`). POST
 * bodies are json_encode(JSON_UNESCAPED_UNICODE) with `Content-Type: application/json`.
 */
import assert from 'node:assert/strict'
import { hasOrder, onlyShop, type PeerFixture } from './fixture.ts'

const JSON_TYPE = 'application/json'

const fixture: PeerFixture = {
  peer: 'EasyWeChat 5.x',
  source:
    'github.com/w7corp/easywechat branch 5.x: src/MiniProgram/Union/Client.php, src/Kernel/BaseClient.php, src/Kernel/Traits/HasHttpRequests.php (fixJsonIssue), src/Kernel/AccessToken.php (applyToRequest)',
  requests: [
    {
      call: 'createPromotion($name)',
      method: 'POST',
      path: '/union/promoter/promotion/add',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"promotionSourceName":"朋友圈"}',
      expect: { errcode: 0, check: (b) => assert.match(b.pid, /_\d+$/) },
    },
    {
      call: 'getPromotionSourceList()',
      method: 'GET',
      path: '/union/promoter/promotion/list',
      query: 'access_token={token}&start=0&limit=20',
      expect: { errcode: 0, check: (b) => assert.equal(b.total, 2) },
    },
    {
      call: 'updatePromotion($previousPromotionInfo, $promotionInfo)',
      method: 'POST',
      path: '/union/promoter/promotion/upd',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"previousPromotionInfo":{"promotionSourcePid":"{pid}","promotionSourceName":"{spot}"},"promotionInfo":{"promotionSourceName":"首页"}}',
      expect: { errcode: 0 },
    },
    {
      call: 'getProductCategory()',
      method: 'GET',
      path: '/union/promoter/product/category',
      query: 'access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: "getProductList(['from' => 0, 'limit' => 10, 'shopAppIds' => [$shop], 'hasCoupon' => 0])",
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'access_token={token}&from=0&limit=10&shopAppIds%5B0%5D={shopAppId}&hasCoupon=0',
      note: 'a PHP array is sent as shopAppIds[0]=',
      expect: {
        errcode: 0,
        check: onlyShop,
      },
    },
    {
      call: "getProductList(['from' => 0, 'limit' => 10, 'shippingMethods' => ['sameCity' => 1]])",
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'access_token={token}&from=0&limit=10&shippingMethods%5BsameCity%5D=1',
      note: 'client wrong: a PHP array where WeChat wants JSON text',
      expect: {
        errcode: 200002,
        errmsg: /^shippingMethods\[sameCity\] is not read: send shippingMethods as JSON text/,
      },
    },
    {
      call: "getFeaturedProducts(['from' => 0, 'limit' => 10, 'minPrice' => 1])",
      method: 'GET',
      path: '/union/promoter/product/select',
      query: 'access_token={token}&from=0&limit=10&minPrice=1',
      expect: { errcode: 0 },
    },
    {
      call: 'getProductMaterial($pid, $productList)',
      method: 'POST',
      path: '/union/promoter/product/generate',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"pid":"{pid}","productList":[{"productId":"{productId}","appId":"{shopAppId}"}]}',
      expect: { errcode: 0, check: (b, ctx) => assert.equal(b.list[0].pid, ctx.pid) },
    },
    {
      call: 'getOrderInfo($orderIdList)',
      method: 'POST',
      path: '/union/promoter/order/info',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '["{orderId}"]',
      note: 'client wrong: the id list is posted bare',
      expect: { errcode: 200002, errmsg: /^body must be \{"orderIdList": \[\.\.\.\]\} rid: / },
    },
    {
      call: 'searchOrder()',
      method: 'GET',
      path: '/union/promoter/order/search',
      query: 'access_token={token}&page=1&startTimestamp=&endTimestamp=&commissionStatus=',
      note: 'unset filters sent as empty strings',
      expect: { errcode: 0, check: hasOrder },
    },
    {
      call: "getTargetPlanInfo(['planInvitationUrl' => $url])",
      method: 'GET',
      path: '/union/promoter/target/plan_info',
      query: 'access_token={token}&planInvitationUrl={planInvitationUrl|php}',
      expect: { errcode: 0, check: (b, ctx) => assert.equal(b.targetPlanInfo.planId, ctx.planId) },
    },
    {
      call: "applyJoinTargetPlan(['planId' => $planId, 'applyReason' => $reason])",
      method: 'POST',
      path: '/union/promoter/target/apply_target',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"planId":"{planId}","applyReason":"粉丝画像匹配"}',
      expect: { errcode: 0 },
    },
    {
      call: "getTargetPlanStatus(['planId' => $planId])",
      method: 'GET',
      path: '/union/promoter/target/apply_status',
      query: 'access_token={token}&planId={planId}',
      expect: { errcode: 0, check: (b, ctx) => assert.equal(b.data.planId, ctx.planId) },
    },
    {
      call: 'deletePromotion($pid, $name)',
      method: 'POST',
      path: '/union/promoter/promotion/del',
      query: 'access_token={token}',
      contentType: JSON_TYPE,
      body: '{"promotionSourceName":"首页","promotionSourcePid":"{pid}"}',
      expect: { errcode: 0 },
    },
  ],
}

export default fixture
