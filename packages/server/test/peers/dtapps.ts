/**
 * dtapps go-library `service/wechatunion` (Go). GET parameters are added to the URL's own query
 * and re-encoded by url.Values.Encode (sorted by name, values via fmt.Sprintf("%v")). Since
 * 2023-09 every POST is form-encoded (`SetContentTypeForm`), so WeChat reads no body; the four
 * promotion calls build `?access_token%s`, gluing the token to the parameter name.
 */
import type { PeerFixture } from './fixture.ts'

const FORM = 'application/x-www-form-urlencoded'
const IGNORED_BODY =
  /cannot be empty \(the body is read only as JSON: Content-Type was application\/x-www-form-urlencoded, not application\/json\) rid: /
const GLUED =
  /^access_token missing \(a query parameter name begins with access_token: is the = missing\?\) rid: /

const fixture: PeerFixture = {
  peer: 'dtapps go-library wechatunion',
  source:
    'github.com/dtapps/go-library service/wechatunion (promoter.*.go, request.go, const.go) and utils/gorequest/http.go, at the 2025 snapshot',
  requests: [
    {
      call: 'PromoterProductCategory(ctx)',
      method: 'GET',
      path: '/union/promoter/product/category',
      query: 'access_token={token}',
      expect: { errcode: 0 },
    },
    {
      call: 'PromoterProductList(ctx, params{from, limit, hasCoupon})',
      method: 'GET',
      path: '/union/promoter/product/list',
      query: 'access_token={token}&from=0&hasCoupon=1&limit=10',
      expect: { errcode: 0 },
    },
    {
      call: 'PromoterProductSelect(ctx, params{from, limit})',
      method: 'GET',
      path: '/union/promoter/product/select',
      query: 'access_token={token}&from=0&limit=10',
      expect: { errcode: 0 },
    },
    {
      call: 'PromoterOrderSearch(ctx, params{page, pageSize})',
      method: 'GET',
      path: '/union/promoter/order/search',
      query: 'access_token={token}&page=1&pageSize=10',
      expect: { errcode: 0 },
    },
    {
      call: 'PromotionList(ctx, 0, 20)',
      method: 'GET',
      path: '/union/promoter/promotion/list',
      query: 'access_token{token}=&limit=20&start=0',
      note: 'client wrong: "?access_token%s" glues the token to the name',
      expect: { errcode: 41001, errmsg: GLUED },
    },
    {
      call: 'PromotionAdd(ctx, name)',
      method: 'POST',
      path: '/union/promoter/promotion/add',
      query: 'access_token{token}',
      contentType: FORM,
      body: 'promotionSourceName=%E6%9C%8B%E5%8F%8B%E5%9C%88',
      note: 'client wrong: glued token, and a form body',
      expect: { errcode: 41001, errmsg: GLUED },
    },
    {
      call: 'PromoterProductGenerate(ctx, params{productList})',
      method: 'POST',
      path: '/union/promoter/product/generate',
      query: 'access_token={token}',
      contentType: FORM,
      body: 'pid={pid}&productList=%5Bmap%5BappId%3A{shopAppId}+productId%3A{productId}%5D%5D',
      note: 'client wrong: a form body, which WeChat does not read',
      expect: { errcode: 200002, errmsg: new RegExp(`^pid ${IGNORED_BODY.source}`) },
    },
    {
      call: 'PromoterOrderInfo(ctx, params{orderIdList})',
      method: 'POST',
      path: '/union/promoter/order/info',
      query: 'access_token={token}',
      contentType: FORM,
      body: 'orderIdList=%5B{orderId}%5D',
      note: 'client wrong: a form body',
      expect: { errcode: 200002, errmsg: new RegExp(`^orderIdList ${IGNORED_BODY.source}`) },
    },
  ],
}

export default fixture
