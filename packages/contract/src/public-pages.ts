/**
 * OpenAPI path items of the pages a Tuike server serves beside the API: the buyer's landing page
 * of a short link, its Buy button and QR code, and the health check. They take no access_token.
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

export const PUBLIC_PAGES: Record<string, Record<string, unknown>> = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      summary: 'Liveness: the server answers and its database takes a query.',
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
  '/s/{code}': {
    get: {
      operationId: 'landingPage',
      summary:
        'The buyer landing page of a promotion link (shareInfo.promotionUrl): product, price after coupon, Buy. Each visit counts a click.',
      tags: ['pages'],
      security: [],
      parameters: [code],
      responses: {
        200: html('The landing page (mobile first, same-origin images only).'),
        404: gone,
      },
    },
  },
  '/s/{code}/qr.png': {
    get: {
      operationId: 'landingPageQr',
      summary: 'A QR code of the promotion link, to print or share.',
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
  '/s/{code}/buy': {
    post: {
      operationId: 'landingPageBuy',
      summary:
        "The landing page's Buy button: records a simulated paid order, attributed to the link's spot only through the page's signed ticket.",
      tags: ['pages'],
      security: [],
      parameters: [code],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['ticket'],
              properties: {
                ticket: { type: 'string', description: 'From the landing page.' },
                skuId: { type: 'string' },
                quantity: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
                unionid: { type: 'string', maxLength: 128 },
              },
            },
          },
        },
      },
      responses: {
        200: html('Ordered: the page names the order id.'),
        400: html('A missing, forged or foreign ticket, or a bad quantity: nothing was ordered.'),
        404: html('The product or SKU is gone: nothing was ordered.'),
        409: html('Out of stock: nothing was ordered.'),
      },
    },
  },
}
