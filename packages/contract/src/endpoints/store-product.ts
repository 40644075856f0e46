/**
 * Promotable products of the successor API (store-promoter-api.md §5): the product-id list with
 * its filters, product detail with SKUs and commission terms, and per-product sharer ratios.
 * Ratios are 1/1,000,000 except the two rate filters of the list, which are 1/100,000 (§1.7).
 * @module
 */
import { z } from 'zod'
import {
  BareUint64,
  NextKey,
  OptString,
  pageSize,
  promoterTable,
  SharerRatio,
  STORE_PAGE_CAPS,
  STORE_RATIO_SCALE,
  StoreBool,
  StoreId,
  StoreInt,
  StoreOk,
  StoreRange,
  storeRange,
} from '../store-wire.ts'
import { Fen, OK_EXAMPLE, UnixSeconds } from '../wire.ts'

/** plan_type (§5.0): 1 merchant targeted, 2 merchant public, 3 机构 targeted, 4 机构 ordinary. */
export const PLAN_TYPES = [1, 2, 3, 4] as const
export const PlanType = StoreInt.pipe(z.literal(PLAN_TYPES))

/**
 * Guarantee flags (保障标, §5.1): 0 7天无理由, 1 运费险, 2 品牌 (deprecated), 3 放心买, 4 损坏包退,
 * 5 假一赔三, 6 先用后付, 7 包邮.
 */
export const GUARANTEE_FLAGS = ['0', '1', '2', '3', '4', '5', '6', '7'] as const

/** commission_info.status (§5.2): 1 listed, 2 delisted, 5 removed. */
export const PRODUCT_PROMOTION_STATUSES = [1, 2, 5] as const

/** `spu_item_condition`: unknown keys (a future shop_score_range) are ignored. */
export const SpuItemCondition = z.object({
  /** Fen. */
  selling_price_range: StoreRange.optional(),
  monthly_sales_range: StoreRange.optional(),
  /** Any of GUARANTEE_FLAGS, as strings or numbers; every flag given must be present. */
  flags: z.array(z.union([z.string(), z.number().int().transform(String)])).optional(),
  /** 1/100,000. */
  service_fee_rate_range: StoreRange.optional(),
  /** 1/100,000. */
  commission_rate_range: StoreRange.optional(),
  /** Unix seconds; matches plans whose window overlaps it. */
  promote_time_range: storeRange(Number.MAX_SAFE_INTEGER).optional(),
})

const CategoryIds = z.array(z.union([z.string(), z.number().int().transform(String)]))

/** `category` filter; ignored on the targeted plan types 1 and 3 (§5.1). */
export const CategoryFilter = z.object({
  category_id: z.union([z.string(), z.number().transform(String)]).optional(),
  category_name: z.string().optional(),
  category_ids_1: CategoryIds.optional(),
  category_ids_2: CategoryIds.optional(),
  category_ids_3: CategoryIds.optional(),
})

export const PromoteProductListBody = z.object({
  shop_appid: OptString,
  plan_type: PlanType,
  spu_item_condition: SpuItemCondition.optional(),
  category: CategoryFilter.optional(),
  keyword: OptString,
  page_size: pageSize(STORE_PAGE_CAPS.products),
  next_key: NextKey,
})

const Cat = z.object({ cat_id: z.string(), cat_name: z.string().optional() })

/** `product.product_info.skus[]`. */
export const StoreSku = z.object({
  sku_id: z.string(),
  thumb_img: z.string().optional(),
  /** Fen. */
  sale_price: Fen,
  stock_num: z.number().int(),
  sku_attrs: z.array(z.object({ attr_key: z.string(), attr_value: z.string() })),
  sku_deliver_info: z
    .object({
      stock_type: z.number().int(),
      full_payment_presale_delivery_type: z.number().int().optional(),
      presale_begin_time: z.number().int().optional(),
      presale_end_time: z.number().int().optional(),
      full_payment_presale_delivery_time: z.number().int().optional(),
    })
    .optional(),
})

/** `product.product_info`. */
export const StoreProductInfo = z.object({
  title: z.string(),
  sub_title: z.string().optional(),
  head_imgs: z.array(z.string()),
  desc_info: z.object({ imgs: z.array(z.string()).optional(), desc: z.string().optional() }),
  /** The old three-level tree; only for products that have a path in it. */
  cats: z.array(Cat).optional(),
  cats_v2: z.array(Cat),
  express_info: z.object({
    send_time: z.string(),
    address_info: z.object({
      postal_code: z.string(),
      province_name: z.string(),
      city_name: z.string(),
      county_name: z.string(),
    }),
    /** FREE 包邮, CONDITION_FREE 条件包邮, NO_FREE 不包邮. */
    shipping_method: z.enum(['FREE', 'CONDITION_FREE', 'NO_FREE']),
  }),
  /** 0/1 each. */
  extra_service: z.object({
    seven_day_return: z.number().int(),
    pay_after_use: z.number().int(),
    freight_insurance: z.number().int(),
    fake_one_pay_three: z.number().int(),
    damage_guarantee: z.number().int(),
  }),
  statistical_data: z.object({ good_ratio: z.number(), sales_in_30_days: z.number().int() }),
  skus: z.array(StoreSku),
})

/** `product.commission_info` (跟佣信息). */
export const StoreCommissionInfo = z.object({
  status: z.literal(PRODUCT_PROMOTION_STATUSES),
  /** The 机构 service-fee ratio, 1/1,000,000. */
  service_ratio: z.number().int().min(0).max(STORE_RATIO_SCALE),
  start_time: UnixSeconds,
  end_time: UnixSeconds,
  /** Creator commission under normal promotion, 1/1,000,000. */
  normal_commission_info: z.object({ ratio: z.number().int() }).optional(),
})

export const StorePromoteProduct = z.object({
  shop_appid: z.string(),
  product_id: BareUint64,
  /** `""` here; the per-sharer value comes from get_promoter_single_product_promotion_info. */
  product_promotion_link: z.string(),
  product_info: StoreProductInfo,
  commission_info: StoreCommissionInfo,
  /** Plan types 3 and 4 only. */
  head_supplier_info: z.object({ head_supplier_appid: z.string(), name: z.string() }).optional(),
})

const Coupons = z.array(z.object({ coupon_id: z.string() }))

export const PromoteProductDetailBody = z
  .object({
    shop_appid: z.string().min(1),
    plan_type: PlanType,
    product_id: StoreId,
    get_available_coupon: StoreBool.optional(),
    /** Required for plan types 3 and 4. */
    head_supplier_appid: OptString,
  })
  .refine((b) => b.plan_type < 3 || b.head_supplier_appid !== undefined, {
    message: 'is required for plan_type 3 and 4',
    path: ['head_supplier_appid'],
  })

export const PRODUCT_PROMOTION_ENDPOINTS = promoterTable({
  'promoter/get_promote_product_list': {
    zh: '按 plan_type 获取本机构可推广的商品 id，可按价格、销量、标记、费率（十万分之一）、推广时间、类目、关键词、店铺筛选，按 next_key 翻页（page_size ≤ 20）。',
    summary:
      'Ids of the products this 机构 may promote under plan_type, filtered (price, sales, flags, rates in 1/100,000, promotion time, category, keyword, shop), next_key paged (page_size ≤ 20).',
    body: PromoteProductListBody,
    response: z.object({
      ...StoreOk,
      product_list: z.array(
        z.object({
          product_id: BareUint64,
          shop_appid: z.string(),
          /** The 供货机构, plan types 3 and 4 only. */
          head_supplier_appid: z.string().optional(),
        }),
      ),
      /** `""` on the last page. */
      next_key: z.string(),
    }),
    bareNumbers: ['product_list.*.product_id'],
    errcodes: [10024000, 10071003],
    examples: {
      body: {
        next_key: '',
        page_size: 10,
        plan_type: 2,
        keyword: '纸巾',
        spu_item_condition: { commission_rate_range: { min: '0', max: '100000' } },
      },
      response: {
        ...OK_EXAMPLE,
        product_list: [{ product_id: 10000177087522, shop_appid: 'wxe9edcfdb457667f7' }],
        next_key: 'CImf4J0GENq46tOEhuIR',
      },
    },
  },
  'promoter/get_promote_product_detail': {
    zh: '单个可推广商品：内容、SKU（分）和佣金条款（service_ratio 为百万分之一）；不能按该 plan_type 推广时返回 10024004。',
    summary:
      'One promotable product: content, SKUs (fen) and commission terms (service_ratio in 1/1,000,000); 10024004 unless promotable under exactly that plan_type.',
    body: PromoteProductDetailBody,
    response: z.object({
      ...StoreOk,
      product: StorePromoteProduct,
      /** Only with get_available_coupon: usable public 机构 coupons. */
      publish_coupons: Coupons.optional(),
      /** Only with get_available_coupon: usable targeted 机构 coupons. */
      cooperative_coupons: Coupons.optional(),
    }),
    bareNumbers: ['product.product_id'],
    errcodes: [10024000, 10024003, 10024004, 10071003],
    examples: {
      body: { shop_appid: 'SHOPAPPID', product_id: 1, plan_type: 2, get_available_coupon: false },
      response: {
        ...OK_EXAMPLE,
        product: {
          shop_appid: 'wxe9edcfdb457667f7',
          product_id: 12345,
          product_promotion_link: '',
          product_info: {
            title: 'test_title',
            sub_title: '',
            head_imgs: ['https://test.com/0'],
            desc_info: { imgs: ['https://test.com/0'], desc: '' },
            cats: [{ cat_id: '1421', cat_name: '家清日用' }],
            cats_v2: [{ cat_id: '1421', cat_name: '家清日用' }],
            express_info: {
              send_time: '',
              address_info: { postal_code: '', province_name: '', city_name: '', county_name: '' },
              shipping_method: 'NO_FREE',
            },
            extra_service: {
              seven_day_return: 0,
              pay_after_use: 0,
              freight_insurance: 0,
              fake_one_pay_three: 0,
              damage_guarantee: 0,
            },
            statistical_data: { good_ratio: 0, sales_in_30_days: 1 },
            skus: [
              {
                sku_id: '670813472',
                thumb_img: '',
                sale_price: 500,
                stock_num: 998,
                sku_attrs: [{ attr_key: '产地', attr_value: '四川成都' }],
              },
            ],
          },
          commission_info: {
            status: 1,
            service_ratio: 200000,
            start_time: 1735660800,
            end_time: 4102415999,
            normal_commission_info: { ratio: 200000 },
          },
        },
      },
    },
  },
  'promoter/set_sharer_product_commission_info': {
    zh: '为已绑定推客单独设置某商品的分佣比例（百万分之一，[100000, 1000000]），对之后创建的订单生效；不支持删除。',
    summary:
      "Override a bound sharer's ratio for one product (1/1,000,000, [100000, 1000000]) for orders created afterwards; there is no removal.",
    body: z.object({
      sharer_appid: z.string().min(1),
      product_id: StoreId,
      commission_ratio: SharerRatio,
    }),
    response: z.object(StoreOk),
    errcodes: [10024000, 10024004, 10071003, 10071029],
    examples: {
      body: { sharer_appid: 'wxfd9109cbb627fbc3', product_id: 1, commission_ratio: 300000 },
      response: OK_EXAMPLE,
    },
  },
  'promoter/get_sharer_product_commission_info': {
    zh: '推客在某商品上的实际分佣比例：单独设置的（is_set 为 true）或其通用比例（is_set 为 false）。',
    summary:
      "A sharer's effective ratio for one product: the override (is_set true) or its general ratio (is_set false).",
    body: z.object({ sharer_appid: z.string().min(1), product_id: StoreId }),
    response: z.object({ ...StoreOk, is_set: z.boolean(), commission_ratio: z.number().int() }),
    errcodes: [10024000, 10024004, 10071003, 10071029],
    examples: {
      body: { sharer_appid: 'wxfd9109cbb627fbc3', product_id: 1 },
      response: { ...OK_EXAMPLE, is_set: true, commission_ratio: 300000 },
    },
  },
})
