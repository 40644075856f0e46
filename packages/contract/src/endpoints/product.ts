/**
 * Union products (小商店): category, list, select, generate and parse_tag (union-api.md §4–§7,
 * §14.5).
 * @module
 */
import { z } from 'zod'
import { unionTable } from '../endpoint.ts'
import {
  CommaIds,
  CommaOrJsonIds,
  CouponTime,
  chars,
  Digits,
  Fen,
  Flag,
  jsonQuery,
  OK_EXAMPLE,
  Ok,
  Ratio,
  WireFlag,
  WireId,
  WireInt,
  WireUint,
  WireUint32,
} from '../wire.ts'

/** Products per call of product/list and product/select ("单次最多获取50个商品", §5). */
export const PRODUCT_PAGE_MAX = 50
/** Products per call of product/generate (UNCONFIRMED, server decision §16 #19). */
export const GENERATE_MAX_PRODUCTS = 50
/** Tags per call of product/parse_tag (§14.5); more gets the top-level 201001. */
export const PARSE_TAG_MAX = 10
/** customizeInfo on generated materials: at most 80 characters (字), §7. */
export const CustomizeInfo = chars(80)

// ---------------------------------------------------------------------------------------------
// Query pieces, shared by product/list, product/select and open_product/list.

/** `from` (0-based offset) and `limit` (1 to `max`) of the product searches. */
export function productPage(max: number) {
  return z.object({
    from: WireUint,
    limit: WireUint.pipe(z.number().min(1).max(max)),
  })
}

/** The keyword filter: `query` interpreted by `queryType` (0 name, 1 shop name, 2 SPU id). */
export const ProductKeyword = z.object({
  query: z.string().optional(),
  queryType: WireInt.pipe(z.literal([0, 1, 2])).optional(),
})

/**
 * Price, commission, sort, category, product-id and shop filters: the part of §5's query that
 * product/list, product/select and open_product/list share. `sortType` takes any integer: the
 * server maps 7/8 to sales and any other unknown value to 0 (§16 #12).
 */
export const ProductFilters = z.object({
  minPrice: WireUint32.optional(),
  maxPrice: WireUint32.optional(),
  minCommissionValue: WireUint32.optional(),
  minCommissionRatio: WireUint32.optional(),
  sortType: WireInt.optional(),
  categoryId: WireId.optional(),
  category: CommaIds.optional(),
  noCategory: CommaIds.optional(),
  productId: CommaIds.optional(),
  shopAppIds: CommaOrJsonIds.optional(),
})

/**
 * `shippingMethods` as a filter: `{express, sameCity, pickup}`, each 0/1, any subset. Any other
 * key is refused by name rather than ignored (an ignored filter answers unfiltered results).
 */
export const ShippingMethodsFilter = z.strictObject({
  express: WireFlag.optional(),
  sameCity: WireFlag.optional(),
  pickup: WireFlag.optional(),
})

/**
 * One `addressList` filter entry: a ship-from region (any of province, city, county; note
 * `countyName`, not `countryName`) and optionally the delivery methods it must offer.
 */
export const AddressFilter = z.strictObject({
  addressInfo: z.strictObject({
    provinceName: z.string().optional(),
    cityName: z.string().optional(),
    countyName: z.string().optional(),
  }),
  addressType: ShippingMethodsFilter.optional(),
})

/**
 * The shipping filter as the server reads it: SKIT spells `sameCity` as `same_city`, so that
 * spelling is read as `sameCity` too (when both are sent, `sameCity` wins).
 */
const ShippingMethodsRead = ShippingMethodsFilter.extend({
  same_city: WireFlag.optional(),
}).transform(({ same_city, ...f }) => ({ ...f, sameCity: f.sameCity ?? same_city }))

/** Coupon and delivery filters of product/list and product/select (not open_product/list). */
export const ProductDeliveryFilters = z.object({
  hasCoupon: WireFlag.optional(),
  shippingMethods: jsonQuery(ShippingMethodsRead).optional(),
  addressList: jsonQuery(
    z.array(AddressFilter.extend({ addressType: ShippingMethodsRead.optional() })),
  ).optional(),
})

/** Query of product/list: every §5 parameter with its wire encoding. */
export const ProductListQuery = z.object({
  ...productPage(PRODUCT_PAGE_MAX).shape,
  ...ProductKeyword.shape,
  ...ProductFilters.shape,
  ...ProductDeliveryFilters.shape,
})

/**
 * Query of product/select: product/list's minus `query`/`queryType`. Those two are still
 * accepted (unknown keys are stripped) and ignored, §6.
 */
export const ProductSelectQuery = z.object({
  ...productPage(PRODUCT_PAGE_MAX).shape,
  ...ProductFilters.shape,
  ...ProductDeliveryFilters.shape,
})

// ---------------------------------------------------------------------------------------------
// Response pieces.

/** A category: `{catId, name}`; `catId` is a string, `name` may be `""`. */
export const ProductCategory = z.object({ catId: z.string(), name: z.string() })

/** The shop's delivery methods, 0/1 each (`sameCity`, not `same_city`). */
export const ShippingMethods = z.object({ express: Flag, sameCity: Flag, pickup: Flag })

/** A region: province, city and county names. */
export const AddressInfo = z.object({
  provinceName: z.string(),
  cityName: z.string(),
  countyName: z.string(),
})

/** A ship-from address and the delivery methods it offers. */
export const ShopAddress = z.object({ addressInfo: AddressInfo, addressType: ShippingMethods })

/** A product parameter (参数), modelled as SKIT does. */
export const ProductParam = z.object({ key: z.string(), value: z.string() })

/** What a union product and a plan product both describe: content, category, brand, price (fen). */
export const ProductContent = z.object({
  title: z.string(),
  subTitle: z.string(),
  headImg: z.array(z.string()),
  /** The category path, top level first. */
  category: z.array(ProductCategory),
  brand: z.string().optional(),
  /** `"2100000000"` means no brand. */
  brandId: z.string(),
  model: z.string().optional(),
  detail: z.object({ detailImg: z.array(z.string()) }),
  param: z.array(ProductParam),
  minPrice: Fen,
})

/** `product.info` of a union product. Money in fen. */
export const ProductInfo = ProductContent.extend({
  /** Only in the doc example. */
  expressInfo: z.object({ templateId: z.string() }).optional(),
  totalStockNum: z.number().int(),
  totalSoldNum: z.number().int(),
  totalOrderNum: z.number().int(),
  /** Lowest price after the union coupon (= minPrice without one). */
  discountPrice: Fen,
})

/** A plan's or a trade-component product's SKU: id, image, price and what that API adds. */
export function skuOf<S extends z.ZodRawShape>(info: S) {
  return z.object({
    skuId: z.string(),
    productSkuInfo: z.object({ thumbImg: z.string(), salePrice: Fen }).extend(info),
  })
}

/** One SKU of a union product. */
export const ProductSku = z.object({
  skuId: z.string(),
  status: z.number().int().optional(),
  productSkuInfo: z.object({
    thumbImg: z.string(),
    skuCode: z.string().optional(),
    salePrice: Fen,
    marketPrice: Fen,
    stockInfo: z.object({ stockNum: z.number().int() }),
  }),
})

/** Commission terms: `commissionRatio` in 1/10000, `commissionValue` in fen. */
export const LeagueExInfo = z.object({
  hasCommission: Flag,
  commissionRatio: Ratio,
  commissionValue: Fen,
})

/** The selling shop. The three templates appear only for the delivery methods they describe. */
export const ShopInfo = z.object({
  name: z.string(),
  appId: z.string(),
  /** Original id, `gh_…`. */
  username: z.string(),
  headImgUrl: z.string(),
  shippingMethods: ShippingMethods,
  /** Only when delivery includes 同城配送 or 上门自提. */
  addressList: z.array(ShopAddress).optional(),
  /** Only with 同城配送: 0 by distance, 1 by region. */
  sameCityTemplate: z
    .object({ deliverScopeType: z.literal([0, 1]), scope: z.string(), region: AddressInfo })
    .optional(),
  /** Only with 快递: the areas not delivered to. */
  freightTemplate: z
    .object({ notSendArea: z.object({ addressInfoList: z.array(AddressInfo) }) })
    .optional(),
})

/** Coupon type: the 小商店 enum (§16 #16): 1–4 product coupons, 101–104 shop coupons. */
export const COUPON_TYPES = [1, 2, 3, 4, 101, 102, 103, 104] as const

/**
 * The union coupon's terms, with the wire types WeChat documents rather than Tuike's own
 * conventions (docs/architecture.md, "Coupon wire types"): the times are `yyyy-MM-dd HH:mm:ss`
 * strings (Beijing time, `""` when unset), the condition's count and amount and the reduction
 * are strings of digits (amounts in fen); the stock, type, discount and limits are numbers.
 */
export const CouponDetail = z.object({
  restNum: z.number().int(),
  type: z.literal(COUPON_TYPES),
  discountInfo: z.object({
    discountCondition: z.object({
      productIds: z.array(z.string()),
      /** Minimum quantity. */
      productCnt: Digits,
      /** Minimum amount, fen. */
      productPrice: Digits,
    }),
    /** Discount × 1000: 5100 = 5.1折 (discount coupons). */
    discountNum: z.number().int().min(1000).max(10000).optional(),
    /** Fixed reduction, fen (reduction coupons). */
    discountFee: Digits.optional(),
  }),
  validInfo: z.object({
    /** 1 absolute interval (startTime–endTime), 2 `validDayNum` days after receipt. */
    validType: z.literal([1, 2]),
    validDayNum: z.number().int(),
    startTime: CouponTime,
    endTime: CouponTime,
  }),
  /** The claim window. */
  receiveInfo: z.object({
    startTime: CouponTime,
    endTime: CouponTime,
    limitNumOnePerson: z.number().int(),
  }),
})

/** Coupon of a product: `couponId` and `couponDetail` are present only when `hasCoupon` is 1. */
export const CouponInfo = z.object({
  hasCoupon: Flag,
  couponId: z.string().optional(),
  couponDetail: CouponDetail.optional(),
})

/** One element of product/list's and product/select's `productList`. */
export const UnionProduct = z.object({
  productId: z.string(),
  product: z.object({
    productId: z.string(),
    /** Opaque; the server emits 5 for every promotable product (§16 #15). */
    status: z.number().int().optional(),
    info: ProductInfo,
    skus: z.array(ProductSku),
  }),
  leagueExInfo: LeagueExInfo,
  shopInfo: ShopInfo,
  couponInfo: CouponInfo,
})

/** Success body of product/list and product/select. `next` is never emitted (§16 #17). */
export const ProductListResponse = z.object({
  ...Ok,
  productList: z.array(UnionProduct),
  total: z.number().int(),
})

// ---------------------------------------------------------------------------------------------
// Examples.

const exampleProduct = {
  productId: '7554942',
  product: {
    productId: '7554942',
    status: 5,
    info: {
      title: '实木儿童床',
      subTitle: '环保水性漆',
      headImg: ['https://mmecimage.cn/p/wx0000000000000000/head-1.jpg'],
      category: [
        { catId: '1247', name: '家具' },
        { catId: '1267', name: '儿童家具' },
        { catId: '1270', name: '儿童床' },
      ],
      brand: '',
      brandId: '2100000000',
      model: '',
      detail: { detailImg: ['https://mmecimage.cn/p/wx0000000000000000/detail-1.jpg'] },
      param: [],
      minPrice: 2000,
      expressInfo: { templateId: '37927' },
      totalStockNum: 20000,
      totalSoldNum: 35,
      totalOrderNum: 31,
      discountPrice: 1500,
    },
    skus: [
      {
        skuId: '9007199254740993',
        status: 5,
        productSkuInfo: {
          thumbImg: 'https://mmecimage.cn/p/wx0000000000000000/sku-1.jpg',
          skuCode: 'BED-120',
          salePrice: 2000,
          marketPrice: 2600,
          stockInfo: { stockNum: 20000 },
        },
      },
    ],
  },
  leagueExInfo: { hasCommission: 1, commissionRatio: 8000, commissionValue: 1600 },
  shopInfo: {
    name: '猪腩肉小商店',
    appId: 'wxb825f130c284597f',
    username: 'gh_0123456789ab',
    headImgUrl: 'http://wx.qlogo.cn/mmhead/0/0',
    shippingMethods: { express: 1, sameCity: 0, pickup: 0 },
    freightTemplate: {
      notSendArea: {
        addressInfoList: [{ provinceName: '西藏自治区', cityName: '拉萨市', countyName: '城关区' }],
      },
    },
  },
  couponInfo: {
    hasCoupon: 1,
    couponId: '10000000001',
    couponDetail: {
      restNum: 100,
      type: 2,
      discountInfo: {
        discountCondition: { productIds: ['7554942'], productCnt: '1', productPrice: '2000' },
        discountFee: '500',
      },
      validInfo: { validType: 2, validDayNum: 7, startTime: '', endTime: '' },
      receiveInfo: {
        startTime: '2021-02-03 00:00:00',
        endTime: '2022-02-03 00:00:00',
        limitNumOnePerson: 1,
      },
    },
  },
}

/** One product to generate materials for: the SPU id and its shop's appid. */
export const GenerateProduct = z.object({
  /** The SPU id (not a SKU id); a number is accepted and read as a string (§16 #24). */
  productId: WireId,
  appId: z.string().min(1),
  customizeInfo: CustomizeInfo.optional(),
})

/** `productInfo` of a generated material. Money in fen. */
export const GeneratedProductInfo = z.object({
  productId: z.string(),
  title: z.string(),
  subTitle: z.string(),
  headImg: z.array(z.string()),
  minPrice: Fen,
  /** Coupon discount amount (0 without a coupon). */
  discount: Fen,
  /** Lowest price after the coupon. */
  discountPrice: Fen,
  shopName: z.string(),
  /** SKIT only; never emitted (§16 #20). */
  shopAppid: z.string().optional(),
  /** 1: the shop still runs the 小商店 component; 0: the product cannot be promoted. */
  pluginResult: Flag,
  totalStockNum: z.number().int(),
})

/**
 * `shareInfo` of a generated material. The `coupon*` variants appear only when the product has a
 * union coupon (§16 #22); `wxaCode`/`couponWxaCode` are never emitted (§16 #23).
 */
export const ShareInfo = z.object({
  appId: z.string(),
  username: z.string().optional(),
  path: z.string(),
  couponPath: z.string().optional(),
  promotionUrl: z.string(),
  couponPromotionUrl: z.string().optional(),
  promotionWording: z.string(),
  couponPromotionWording: z.string().optional(),
  promotionTag: z.string(),
  couponPromotionTag: z.string().optional(),
})

/** One element of product/generate's `list`. `shareInfo` is optional in types (§16 #21). */
export const GeneratedMaterial = z.object({
  productId: z.string(),
  pid: z.string(),
  productInfo: GeneratedProductInfo,
  shareInfo: ShareInfo.optional(),
})

/** A decoded tag. */
export const ParsedTag = z.object({
  productId: z.string(),
  /** 1 小商店, 2 小程序. */
  source: z.literal([1, 2]),
  productAppid: z.string(),
})

/** A tag that could not be decoded: a per-item error inside a successful response (37027). */
export const ParsedTagError = z.object({ errcode: z.number().int(), errmsg: z.string() })

/** The pid of the generate examples. */
export const EXAMPLE_PID = 'oUnIc49zinb1mtlfB5K-NfGJxxNE_341161518'

/** A generate example's answer: one material of product 14495788 under EXAMPLE_PID. */
export function exampleMaterials(productInfo: object, shareInfo: object) {
  const material = { productId: '14495788', pid: EXAMPLE_PID }
  return {
    ...OK_EXAMPLE,
    list: [{ ...material, productInfo: { productId: '14495788', ...productInfo }, shareInfo }],
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints.

export const PRODUCT_ENDPOINTS = unionTable({
  'product/category': {
    zh: '获取一级商品类目；catId 可用作 categoryId / category 筛选。',
    method: 'GET',
    summary: 'List the top-level (一级) product categories; use catId as categoryId/category.',
    response: z.object({ ...Ok, productCats: z.array(ProductCategory) }),
    successErrmsg: 'omit',
    errcodes: [],
    examples: {
      response: {
        errcode: 0,
        productCats: [
          { catId: '1234', name: '家纺' },
          { catId: '1235', name: '家具' },
          { catId: '1236', name: '母婴' },
        ],
      },
    },
  },
  'product/list': {
    zh: '搜索联盟全量商品库（每次最多 50 个；from 从 0 起；列表类筛选用逗号分隔，对象类筛选传 JSON 文本）。',
    method: 'GET',
    summary:
      'Search the full union catalog (at most 50 per call; from is 0-based; list filters are comma lists, object filters JSON text).',
    query: ProductListQuery,
    response: ProductListResponse,
    successErrmsg: 'empty',
    errcodes: [200002],
    examples: {
      query: {
        from: '0',
        limit: '10',
        query: 'nike',
        queryType: '0',
        sortType: '0',
        category: '1247,1267',
        shopAppIds: 'wxb825f130c284597f',
        hasCoupon: '1',
        shippingMethods: '{"express":1,"sameCity":0,"pickup":0}',
      },
      response: { errcode: 0, errmsg: '', productList: [exampleProduct], total: 100 },
    },
  },
  'product/select': {
    zh: '获取精选商品（全量商品库的子集），筛选条件同 product/list，但不支持关键词。',
    method: 'GET',
    summary:
      'List hand-picked (精选) products, a subset of the full catalog, with the product/list filters except the keyword.',
    query: ProductSelectQuery,
    response: ProductListResponse,
    successErrmsg: 'empty',
    errcodes: [200002],
    examples: {
      query: { from: '0', limit: '10', minPrice: '1' },
      response: { errcode: 0, errmsg: '', productList: [exampleProduct], total: 1 },
    },
  },
  'product/generate': {
    zh: '生成推广素材（小程序路径、短链、文案、商品口令），绑定推广位 pid 和可选的 customizeInfo。',
    method: 'POST',
    summary:
      'Generate promotion materials (path, short link, copy, tag) tied to a pid and optional customizeInfo.',
    body: z.object({
      pid: z.string().min(1),
      productList: z.array(GenerateProduct).min(1).max(GENERATE_MAX_PRODUCTS),
    }),
    response: z.object({ ...Ok, list: z.array(GeneratedMaterial) }),
    errcodes: [200001, 200002],
    // A numeric customizeInfo answers the observed opaque 200001 (§7); too long stays 200002.
    fieldErrcodes: { 'productList.*.customizeInfo:type': 200001 },
    examples: {
      body: {
        pid: EXAMPLE_PID,
        productList: [{ productId: '14495788', appId: 'wxb825f130c284597f' }],
      },
      response: exampleMaterials(
        {
          title: '洗衣液',
          subTitle: '',
          headImg: ['https://mmecimage.cn/p/wxb825f130c284597f/head-1.jpg'],
          minPrice: 12300,
          discount: 0,
          discountPrice: 12300,
          shopName: '猪腩肉小商店',
          pluginResult: 1,
          totalStockNum: 500,
        },
        {
          appId: 'wxb825f130c284597f',
          username: 'gh_0123456789ab',
          path: 'plugin-private://wx34345ae5855f892d/pages/productDetail/productDetail?productId=14495788&ticket=T0123456789',
          promotionUrl: 'https://mmbizurl.cn/s/017btcGpB',
          promotionWording:
            '好评💦好价速撸…\n————\n洗衣液\n\n开抢啦：123元\nhttps://mmbizurl.cn/s/017btcGpB',
          promotionTag: '#小程序://猪腩肉小商店/洗衣液/YcaJDQiDOFEFr5g',
        },
      ),
    },
  },
  'product/parse_tag': {
    zh: '解析 #小程序:// 商品口令（最多 10 个，超过返回 201001）；无法识别的口令按条返回 37027。',
    method: 'POST',
    summary:
      'Decode #小程序:// promotion tags (at most 10; more gets 201001); an unknown tag is a per-item 37027.',
    body: z.object({ tagList: z.array(z.string().min(1)).min(1).max(PARSE_TAG_MAX) }),
    response: z.object({ ...Ok, tagList: z.array(z.union([ParsedTag, ParsedTagError])) }),
    errcodes: [200002, 201001],
    // Only "too many tags" is 201001; a missing or malformed tagList stays 200002.
    fieldErrcodes: { 'tagList:too_big': 201001 },
    examples: {
      body: {
        tagList: ['#小程序://好物精选/测试商品***/YcaJDQiDOFEFr5g', '#小程序://x/y/unknown'],
      },
      response: {
        ...OK_EXAMPLE,
        tagList: [
          { productId: '14495788', source: 1, productAppid: 'wxb825f130c284597f' },
          { errcode: 37027, errmsg: 'tag not exist' },
        ],
      },
    },
  },
})
