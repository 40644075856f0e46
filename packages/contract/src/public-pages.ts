/**
 * OpenAPI path items of the pages a Tuike server serves beside the API: the buyer's landing page
 * of a short link (union and successor), its Buy button and QR code, the stand-in for the
 * successor's wx.openBusinessView pages, the health and readiness checks and the metrics. They
 * take no access_token.
 * @module
 */

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
})

const code = {
  name: 'code',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The short code of a promotion link (the last segment of promotionUrl).',
}

const gone = html('No link with this code: a page saying so.')
const disabledLink = html(
  "The link's promoter is disabled: a page saying the link is no longer active; no click is counted and nothing can be bought (docs/security.md).",
)

/** A form body of a page's POST: its fields' JSON Schemas and which are required. */
function formBody(required: string[], properties: Record<string, unknown>) {
  return {
    required: true,
    content: {
      'application/x-www-form-urlencoded': {
        schema: { type: 'object', required, properties },
      },
    },
  }
}

const storeCode = {
  ...code,
  description:
    'The 8-character code of a successor material (the last segment of http_short_link).',
}

const businessViewPage = html(
  'The step of the query string (register or bind) with its buttons; after an action, the state it left.',
)
const businessViewRefused = html(
  'No valid tuike_ticket in queryString, or an action this step cannot take (bind before registering, 平台分佣 for a simple registration, another 机构): nothing changed.',
)

/** The JSON /readyz answers with either status. */
function readiness(description: string) {
  return {
    description,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['status', 'checks'],
          properties: {
            status: { enum: ['ready', 'unavailable'] },
            checks: { type: 'object', additionalProperties: {} },
          },
        },
      },
    },
  }
}

export const PUBLIC_PAGES: Record<string, Record<string, unknown>> = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      // It queries nothing: a database outage is /readyz's to report, not a reason to restart.
      summary: '存活检查：进程在响应（不检查其他，见 /readyz）。',
      description: 'Liveness: the process is up and answers (it checks nothing else; see /readyz).',
      tags: ['pages'],
      security: [],
      responses: {
        200: {
          description: 'Up.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status'],
                properties: { status: { const: 'ok' } },
              },
            },
          },
        },
      },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      summary: '就绪检查：本实例能否接流量（数据库、迁移版本、Redis、是否在排空）。',
      description:
        'Readiness: this instance can serve (database reachable, migrations at the expected version, Redis reachable when configured, not draining). A load balancer sends traffic only on 200; from the start of a SIGTERM drain it answers 503.',
      tags: ['pages'],
      security: [],
      responses: {
        200: readiness('Ready.'),
        503: readiness('Not ready: the failing check says why.'),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus 指标：所有 worker 合计，需管理员密钥。',
      description:
        'Prometheus text exposition of every worker, summed (docs/operations.md). Needs the admin key; `--metrics-port` serves it without one.',
      tags: ['pages'],
      security: [{ adminKey: [] }],
      responses: {
        200: {
          description: 'The metrics.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        401: {
          description: 'No or a wrong admin key: `{errcode, errmsg}`.',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        429: {
          description: 'Too many wrong admin keys (45011).',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
  '/s/{code}': {
    get: {
      operationId: 'landingPage',
      summary:
        '推广链接（shareInfo.promotionUrl）的买家落地页：商品、券后价、购买按钮。浏览器的 GET 按访客（客户端地址和 User-Agent）每 30 分钟计一次点击；HEAD、预取和爬虫不计。设置购买表单 csrf 所绑定的 tuike_buyer cookie。',
      description:
        "The buyer landing page of a promotion link (shareInfo.promotionUrl): product, price after coupon, Buy. A GET by a browser counts a click once per visitor (client address and User-Agent) and 30-minute window; HEAD, prefetches (Purpose, Sec-Purpose) and robots do not count. Sets the tuike_buyer cookie that the Buy form's csrf token is tied to.",
      tags: ['pages'],
      security: [],
      parameters: [code],
      responses: {
        200: html('The landing page (mobile first, same-origin images only).'),
        404: gone,
        410: disabledLink,
      },
    },
  },
  '/s/{code}/qr.png': {
    get: {
      operationId: 'landingPageQr',
      summary: '推广链接的二维码，可打印或分享。',
      description: 'A QR code of the promotion link, to print or share.',
      tags: ['pages'],
      security: [],
      parameters: [code],
      responses: {
        200: {
          description: 'PNG, 360 px; cacheable for a year (a code always names the same link).',
          content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } },
        },
        404: gone,
      },
    },
  },
  '/shop/a/{code}': {
    get: {
      operationId: 'storeLandingPage',
      summary: '推客带货素材的 http_short_link：同一个落地页，归属到机构下的推客。',
      description:
        "A successor material's http_short_link: the same landing page, attributing to the sharer under the 机构.",
      tags: ['pages'],
      security: [],
      parameters: [storeCode],
      responses: { 200: html('The landing page.'), 404: gone, 410: disabledLink },
    },
  },
  '/qr/{code}.png': {
    get: {
      operationId: 'storeQr',
      summary: 'get_product_promotion_qrcode_info 的 qrcode_url：http_short_link 的二维码。',
      description:
        "get_product_promotion_qrcode_info's qrcode_url: a QR code of the http_short_link.",
      tags: ['pages'],
      security: [],
      parameters: [storeCode],
      responses: {
        200: {
          description: 'PNG, 360 px; cacheable for a year.',
          content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } },
        },
        404: gone,
      },
    },
  },
  '/open-business-view': {
    get: {
      operationId: 'openBusinessView',
      summary:
        'wx.openBusinessView 的替身页：用 get_promoter_register_and_bind_status 返回的 register_query_string 或 bind_query_string（及 JSON 形式的 extraData）打开；其签名的 tuike_ticket 即凭证。',
      description:
        'The stand-in for wx.openBusinessView: open it with the register_query_string or bind_query_string of get_promoter_register_and_bind_status (and extraData as JSON); its signed tuike_ticket is the credential.',
      tags: ['pages'],
      security: [],
      parameters: [
        { name: 'queryString', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'extraData', in: 'query', required: false, schema: { type: 'string' } },
        {
          name: 'businessType',
          in: 'query',
          required: false,
          schema: { const: 'CreatorApplyments' },
        },
      ],
      responses: { 200: businessViewPage, 400: businessViewRefused },
    },
    post: {
      operationId: 'openBusinessViewAction',
      summary:
        '替身页上的按钮：注册、需实名的注册、离开、绑定（带 commissionType、commissionRatio、headSupplierAppid）或拒绝。绑定后推送 promoter_bind_result。',
      description:
        'A button of the stand-in page: register, register-needs-real-name, leave, bind (with commissionType, commissionRatio, headSupplierAppid) or refuse. Binding pushes promoter_bind_result.',
      tags: ['pages'],
      security: [],
      requestBody: formBody(['queryString', 'action'], {
        queryString: { type: 'string' },
        action: { enum: ['register', 'register-needs-real-name', 'leave', 'bind', 'refuse'] },
        commissionType: { enum: [0, 1] },
        commissionRatio: { type: 'integer', minimum: 0, maximum: 1000000 },
        headSupplierAppid: { type: 'string' },
      }),
      responses: { 200: businessViewPage, 400: businessViewRefused },
    },
  },
  '/s/{code}/buy': {
    post: {
      operationId: 'landingPageBuy',
      summary:
        '落地页的购买按钮：记录一笔模拟的已支付订单，仅凭页面的签名 ticket 归属到链接的推广位。需要页面的 csrf 字段和页面设置的 tuike_buyer cookie（其他网站提交的表单两者都没有）；每个客户端地址每分钟最多 30 次。',
      description:
        "The landing page's Buy button: records a simulated paid order, attributed to the link's spot only through the page's signed ticket. Needs the page's csrf field and the tuike_buyer cookie the page set (a form posted from another site has neither); at most 30 posts per client address and minute.",
      tags: ['pages'],
      security: [],
      parameters: [code],
      requestBody: formBody(['ticket', 'csrf'], {
        ticket: { type: 'string', description: 'From the landing page.' },
        csrf: {
          type: 'string',
          description:
            "From the landing page: signed for this link and the browser's tuike_buyer cookie.",
        },
        skuId: { type: 'string' },
        quantity: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
        unionid: { type: 'string', maxLength: 128 },
      }),
      responses: {
        200: html('Ordered: the page names the order id.'),
        400: html('A missing, forged or foreign ticket, or a bad quantity: nothing was ordered.'),
        403: html(
          'No tuike_buyer cookie, or a csrf token not made for it: nothing was ordered (open the link again).',
        ),
        404: html('The product or SKU is gone: nothing was ordered.'),
        409: html("Out of stock, or the link's promoter is disabled: nothing was ordered."),
        429: html(
          'More than 30 posts from this client address in a minute: nothing was ordered; Retry-After says when to try again.',
        ),
      },
    },
  },
}
