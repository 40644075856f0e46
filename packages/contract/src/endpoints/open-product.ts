/**
 * Trade-component (自定义交易组件) products: open_product/list and open_product/generate
 * (union-api.md §14.6–§14.7).
 * @module
 */
import { z } from 'zod'
import { unionTable } from '../endpoint.ts'
import { Fen, OK_EXAMPLE, Ok, WireBool, WireId } from '../wire.ts'
import {
  CustomizeInfo,
  EXAMPLE_PID,
  exampleMaterials,
  GENERATE_MAX_PRODUCTS,
  LeagueExInfo,
  ProductCategory,
  ProductFilters,
  ProductKeyword,
  productPage,
  skuOf,
} from './product.ts'

/** Products per call of open_product/list (§14.6). */
export const OPEN_PRODUCT_PAGE_MAX = 30

/** product/list's query minus the coupon and shipping filters, with `limit` ≤ 30. */
export const OpenProductListQuery = z.object({
  ...productPage(OPEN_PRODUCT_PAGE_MAX).shape,
  ...ProductKeyword.shape,
  ...ProductFilters.shape,
})

/** One element of open_product/list. `stockNum` is a string of digits, as in the sample (§1.9). */
export const OpenProduct = z.object({
  product: z.object({
    productId: z.string(),
    info: z.object({
      title: z.string(),
      headImg: z.array(z.string()),
      category: z.array(ProductCategory),
      brandId: z.string(),
      detail: z.object({ detailImg: z.array(z.string()) }),
      minPrice: Fen,
      totalStockNum: z.number().int(),
      /** The product page in the seller's mini-program. */
      path: z.string(),
    }),
    skus: z.array(skuOf({ marketPrice: Fen, stockNum: z.string().regex(/^\d+$/) })),
  }),
  shopInfo: z.object({
    name: z.string(),
    appId: z.string(),
    username: z.string(),
    headImgUrl: z.string(),
  }),
  leagueExInfo: LeagueExInfo,
})

/** `productInfo` of a trade-component material. `shopStatus`: 0 normal, 1 balance too low. */
export const OpenGeneratedProductInfo = z.object({
  productId: z.string(),
  title: z.string(),
  subTitle: z.string(),
  headImg: z.array(z.string()),
  minPrice: Fen,
  shopName: z.string(),
  shopStatus: z.literal([0, 1]),
  totalStockNum: z.number().int(),
})

/** `shareInfo` of a trade-component material; absent when `shopStatus` is not 0. */
export const OpenShareInfo = z.object({
  appId: z.string(),
  username: z.string(),
  path: z.string(),
  promotionWording: z.string(),
  promotionUrl: z.string(),
  promotionTag: z.string(),
  code: z.string().optional(),
})

export const OPEN_PRODUCT_ENDPOINTS = unionTable({
  'open_product/list': {
    zh: '搜索自定义交易组件商品（每次最多 30 个；from 从 0 起）；筛选同 product/list，但没有优惠券和配送方式。',
    method: 'GET',
    summary:
      'Search trade-component products (at most 30 per call; from is 0-based); product/list filters minus coupon and shipping.',
    query: OpenProductListQuery,
    response: z.object({ ...Ok, productList: z.array(OpenProduct), total: z.number().int() }),
    errcodes: [200002],
    examples: {
      query: { from: '0', limit: '10' },
      response: {
        ...OK_EXAMPLE,
        productList: [
          {
            product: {
              productId: '30000001',
              info: {
                title: '保温杯',
                headImg: ['https://mmecimage.cn/p/wxb825f130c284597f/cup.jpg'],
                category: [{ catId: '1500', name: '家居' }],
                brandId: '2100000000',
                detail: { detailImg: [] },
                minPrice: 5900,
                totalStockNum: 100,
                path: 'pages/product/detail?id=30000001',
              },
              skus: [
                {
                  skuId: '30000001001',
                  productSkuInfo: {
                    thumbImg: 'https://mmecimage.cn/p/wxb825f130c284597f/cup-sku.jpg',
                    salePrice: 5900,
                    marketPrice: 7900,
                    stockNum: '100',
                  },
                },
              ],
            },
            shopInfo: {
              name: '好物精选',
              appId: 'wxb825f130c284597f',
              username: 'gh_0123456789ab',
              headImgUrl: 'https://wx.qlogo.cn/mmhead/0/0',
            },
            leagueExInfo: { hasCommission: 1, commissionRatio: 1000, commissionValue: 590 },
          },
        ],
        total: 1,
      },
    },
  },
  'open_product/generate': {
    zh: '为自定义交易组件商品生成推广素材；店铺状态异常时不返回 shareInfo。',
    method: 'POST',
    summary:
      'Generate promotion materials for trade-component products; shareInfo is absent when the shop is not in a normal state.',
    body: z.object({
      pid: z.string().min(1),
      /** Default true. */
      getShortUrl: WireBool.optional(),
      /** Default true. */
      getInfo: WireBool.optional(),
      productList: z
        .array(
          z.object({
            productId: WireId,
            appId: z.string().min(1),
            customizeInfo: CustomizeInfo.optional(),
          }),
        )
        .min(1)
        .max(GENERATE_MAX_PRODUCTS),
    }),
    response: z.object({
      ...Ok,
      list: z.array(
        z.object({
          productId: z.string(),
          pid: z.string(),
          productInfo: OpenGeneratedProductInfo,
          shareInfo: OpenShareInfo.optional(),
        }),
      ),
    }),
    errcodes: [200002],
    examples: {
      body: {
        pid: EXAMPLE_PID,
        getShortUrl: true,
        getInfo: true,
        productList: [
          { productId: '14495788', appId: 'wxb825f130c284597f', customizeInfo: 'user-42' },
        ],
      },
      response: exampleMaterials(
        {
          title: '保温杯',
          subTitle: '',
          headImg: ['https://mmecimage.cn/p/wxb825f130c284597f/cup.jpg'],
          minPrice: 5900,
          shopName: '好物精选',
          shopStatus: 0,
          totalStockNum: 100,
        },
        {
          appId: 'wxb825f130c284597f',
          username: 'gh_0123456789ab',
          path: 'pages/product/detail?id=14495788&ticket=T0123456789',
          promotionWording: '保温杯 59元\nhttps://mmbizurl.cn/s/02Abcdefg',
          promotionUrl: 'https://mmbizurl.cn/s/02Abcdefg',
          promotionTag: '#小程序://好物精选/保温杯/ZdbKEQjEPGFGs6h',
        },
      ),
    },
  },
})
