/**
 * Promotable products of the successor API (store-promoter-api.md §5), served from the union
 * catalogue: one product, two views.
 *
 * - Plan 2 (公开计划) is every listed catalogue product (union status 5), its 机构 service ratio
 *   the union commission ratio converted exactly: 1/10,000 × 100 = 1/1,000,000.
 * - Plan 1 (定向计划) is the products of the union targeted plans the 机构 has joined whose
 *   window holds now, at the plan's ratio × 100 (the highest when plans overlap, as purchases
 *   snapshot it through planRatio).
 * - Plans 3 and 4 (供货机构 plans) have no products: Tuike models no supplying 机构.
 *
 * The two rate filters are 1/100,000: service_fee_rate_range compares the service ratio ÷ 10,
 * commission_rate_range the catalogue (public) ratio ÷ 10. Guarantee flags and the good-review
 * rate are not in the union catalogue; they are derived from the product's key (flagsOf), the
 * same in the filter's SQL and in the detail. Lists are ordered by catalogue order (pk).
 * @module
 */
import {
  type EndpointInput,
  type EndpointResponse,
  STORE_DEFAULT_PAGE_SIZE,
  type STORE_ENDPOINTS,
} from '@tuike/contract'
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, ProductFacetsTable } from '../db/schema.ts'
import { categoryLevels, titleMatches } from './catalogue.ts'
import { WechatError } from './errors.ts'
import { imageUrl, imageUrls } from './images.ts'
import { decodeNextKey, keysetPage } from './next-key.ts'

type E = typeof STORE_ENDPOINTS
type ListInput = EndpointInput<E['promoter/get_promote_product_list']>
type Detail = Omit<EndpointResponse<E['promoter/get_promote_product_detail']>, 'errcode' | 'errmsg'>
type PEB = ExpressionBuilder<Database & { p: ProductFacetsTable }, 'p'>
type Condition = (eb: PEB) => Expression<SqlBool>

/** The union catalogue's listed status. */
const LISTED = 5
/** The public plan's window: from 2025-01-01 to the end of 2099 (Beijing time). */
export const PUBLIC_PLAN_WINDOW = { start: 1735660800, end: 4102415999 } as const
/** Union ratios are 1/10,000; successor ratios 1/1,000,000; the two filters 1/100,000. */
export const UNION_TO_STORE_RATIO = 100
const UNION_TO_FILTER_RATE = 10

/** Flag bits that can be set: 2 (品牌) is deprecated and never set. */
const FLAG_MASK = 0b11111011
const FLAG_MULT = 2654435761n
const FLAG_MOD = 1000003n

/** The guarantee flags of product `pk` as a bit set (bit n = flag "n"). */
export function flagsOf(pk: number): number {
  return Number((BigInt(pk) * FLAG_MULT) % FLAG_MOD) & FLAG_MASK
}

/** The same bit set in SQL, for the filter. */
function flagsSql() {
  return sql<number>`((${sql.ref('p.pk')} * ${sql.lit(Number(FLAG_MULT))}) % ${sql.lit(Number(FLAG_MOD))})`
}

/** What a product's terms are under one plan. */
interface Terms {
  serviceRatio: number
  start: number
  end: number
}

export class StoreProducts {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db
    this.#clock = clock
  }

  /** get_promote_product_list (§5.1). */
  async list(
    appid: string,
    input: ListInput,
  ): Promise<Omit<EndpointResponse<E['promoter/get_promote_product_list']>, 'errcode' | 'errmsg'>> {
    const { next_key, page_size, ...filters } = input
    const after = decodeNextKey(next_key, 'products', filters, ['int32'])
    const size = page_size ?? STORE_DEFAULT_PAGE_SIZE
    const where = await this.#conditions(appid, input)
    if (where === 'empty') return { product_list: [], next_key: '' }
    let q = this.#db
      .selectFrom('product_facets as p')
      .select(['p.pk', 'p.shop_appid'])
      .where((eb) => eb.and(where.map((w) => w(eb))))
    if (after) q = q.where('p.pk', '>', Number(after[0]))
    const rows = await q
      .orderBy('p.pk')
      .limit(size + 1)
      .execute()
    const { page, nextKey } = keysetPage(rows, size, 'products', filters, (r) => [Number(r.pk)])
    const ids = await this.#ids(page.map((r) => Number(r.pk)))
    return {
      product_list: page.map((r) => ({
        product_id: ids.get(Number(r.pk))!,
        shop_appid: r.shop_appid,
      })),
      next_key: nextKey,
    }
  }

  async #ids(pks: number[]): Promise<Map<number, string>> {
    if (pks.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('products')
      .select(['pk', 'id'])
      .where('pk', 'in', pks)
      .execute()
    return new Map(rows.map((r) => [Number(r.pk), r.id]))
  }

  /** The WHERE conditions of a list query on product_facets, or 'empty'. */
  async #conditions(appid: string, input: ListInput): Promise<Condition[] | 'empty'> {
    const db = this.#db
    const out: Condition[] = [
      (eb) =>
        eb.exists(
          eb
            .selectFrom('products as t')
            .select('t.pk')
            .whereRef('t.pk', '=', 'p.pk')
            .where('t.status', '=', LISTED),
        ),
    ]
    const c = input.spu_item_condition ?? {}
    const plan = input.plan_type
    if (plan === 3 || plan === 4) return 'empty'
    const within = (
      r: { min?: number | undefined; max?: number | undefined } | undefined,
      lo: number,
      hi: number,
    ) => !r || ((r.min === undefined || hi >= r.min) && (r.max === undefined || lo <= r.max))
    if (plan === 2) {
      if (!within(c.promote_time_range, PUBLIC_PLAN_WINDOW.start, PUBLIC_PLAN_WINDOW.end))
        return 'empty'
      out.push(...rateConditions('p.commission_ratio', c.service_fee_rate_range))
    } else {
      const now = nowSeconds(this.#clock)
      const s = c.service_fee_rate_range
      const t = c.promote_time_range
      let joined = db
        .selectFrom('target_plan_products as pp')
        .innerJoin('target_plans as tp', 'tp.plan_id', 'pp.plan_id')
        .innerJoin('target_plan_applications as a', 'a.plan_id', 'pp.plan_id')
        .innerJoin('products as t', 't.id', 'pp.product_id')
        .select('t.pk')
        .where('a.appid', '=', appid)
        .where('a.state', '=', 'joined')
        .where('tp.start_time', '<=', now)
        .where('tp.end_time', '>=', now)
      if (s?.min !== undefined)
        joined = joined.where('pp.ratio', '>=', Math.ceil(s.min / UNION_TO_FILTER_RATE))
      if (s?.max !== undefined)
        joined = joined.where('pp.ratio', '<=', Math.floor(s.max / UNION_TO_FILTER_RATE))
      if (t?.min !== undefined) joined = joined.where('tp.end_time', '>=', t.min)
      if (t?.max !== undefined) joined = joined.where('tp.start_time', '<=', t.max)
      out.push((eb) => eb('p.pk', 'in', joined))
    }
    out.push(...rateConditions('p.commission_ratio', c.commission_rate_range))
    const price = c.selling_price_range
    if (price?.min !== undefined) out.push((eb) => eb('p.min_price', '>=', price.min!))
    if (price?.max !== undefined) out.push((eb) => eb('p.min_price', '<=', price.max!))
    const sales = c.monthly_sales_range
    if (sales?.min !== undefined) out.push((eb) => eb('p.sold', '>=', sales.min!))
    if (sales?.max !== undefined) out.push((eb) => eb('p.sold', '<=', sales.max!))
    if (c.flags && c.flags.length > 0) {
      let mask = 0
      for (const f of c.flags) {
        const bit = /^[0-7]$/.test(f) ? 1 << Number(f) : 0
        if ((bit & FLAG_MASK) === 0) return 'empty' // a deprecated or unknown flag: no product has it
        mask |= bit
      }
      out.push(() => sql<SqlBool>`(${flagsSql()} & ${sql.lit(mask)}) = ${sql.lit(mask)}`)
    }
    if (input.shop_appid !== undefined) {
      const shop = input.shop_appid
      out.push((eb) => eb('p.shop_appid', '=', shop))
    }
    if (input.keyword !== undefined && input.keyword.trim() !== '') {
      const keyword = input.keyword.trim()
      out.push((eb) => eb('p.pk', 'in', titleMatches(db, keyword)))
    }
    // The category filter is not supported on targeted plans and is ignored there (§5.1).
    const cat = input.category
    const ids = [
      ...(cat?.category_ids_1 ?? []),
      ...(cat?.category_ids_2 ?? []),
      ...(cat?.category_ids_3 ?? []),
    ]
    if (plan === 2 && ids.length > 0) {
      const levels = await categoryLevels(db, ids)
      if (levels.size === 0) return 'empty'
      out.push((eb) => eb.or([...levels].map(([level, list]) => eb(`p.cat${level}`, 'in', list))))
    }
    return out
  }

  /**
   * The terms under which `productPk` is promotable by `appid` under `plan` now, or undefined:
   * plan 2 while listed, plan 1 while in a joined plan's window.
   */
  async terms(
    appid: string,
    product: { pk: number; id: string; status: number; commission_ratio: number },
    plan: number,
  ): Promise<Terms | undefined> {
    if (product.status !== LISTED) return undefined
    if (plan === 2) {
      return {
        serviceRatio: product.commission_ratio * UNION_TO_STORE_RATIO,
        start: PUBLIC_PLAN_WINDOW.start,
        end: PUBLIC_PLAN_WINDOW.end,
      }
    }
    if (plan !== 1) return undefined
    const now = nowSeconds(this.#clock)
    const rows = await this.#db
      .selectFrom('target_plan_products as pp')
      .innerJoin('target_plans as tp', 'tp.plan_id', 'pp.plan_id')
      .innerJoin('target_plan_applications as a', 'a.plan_id', 'pp.plan_id')
      .select(['pp.ratio', 'tp.start_time', 'tp.end_time'])
      .where('pp.product_id', '=', product.id)
      .where('a.appid', '=', appid)
      .where('a.state', '=', 'joined')
      .where('tp.start_time', '<=', now)
      .where('tp.end_time', '>=', now)
      .orderBy('pp.ratio', 'desc')
      .execute()
    const best = rows[0]
    if (!best) return undefined
    return {
      serviceRatio: best.ratio * UNION_TO_STORE_RATIO,
      start: Number(best.start_time),
      end: Number(best.end_time),
    }
  }

  /** get_promote_product_detail (§5.2), this server's images on `base`. */
  async detail(
    appid: string,
    input: EndpointInput<E['promoter/get_promote_product_detail']>,
    base: string,
  ): Promise<Detail> {
    const shop = await this.#db
      .selectFrom('shops')
      .selectAll()
      .where('appid', '=', input.shop_appid)
      .executeTakeFirst()
    if (!shop) throw new WechatError(10024003, `不合法的appid: no shop ${input.shop_appid}`)
    const p = await this.#db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', input.product_id)
      .executeTakeFirst()
    const terms =
      p && p.shop_appid === shop.appid
        ? await this.terms(appid, { ...p, pk: Number(p.pk) }, input.plan_type)
        : undefined
    if (!p || !terms) {
      throw new WechatError(
        10024004,
        `不存在该商品: product ${input.product_id} of shop ${input.shop_appid} is not promotable under plan_type ${input.plan_type}`,
      )
    }
    const [skus, cats, address] = await Promise.all([
      this.#db
        .selectFrom('skus')
        .selectAll()
        .where('product_pk', '=', p.pk)
        .orderBy('seq')
        .execute(),
      this.#db
        .selectFrom('categories')
        .select(['id', 'name'])
        .where('id', 'in', [p.cat1, p.cat2, p.cat3].filter(Boolean))
        .execute(),
      this.#db
        .selectFrom('shop_addresses')
        .selectAll()
        .where('shop_appid', '=', shop.appid)
        .limit(1)
        .executeTakeFirst(),
    ])
    const name = new Map(cats.map((r) => [r.id, r.name]))
    const path = [p.cat1, p.cat2, p.cat3]
      .filter(Boolean)
      .map((id) => ({ cat_id: id, cat_name: name.get(id) ?? '' }))
    const flags = flagsOf(Number(p.pk))
    const has = (n: number) => (flags >> n) & 1
    const params = JSON.parse(p.params) as { key: string; value: string }[]
    return {
      product: {
        shop_appid: p.shop_appid,
        product_id: p.id,
        product_promotion_link: '',
        product_info: {
          title: p.title,
          sub_title: p.sub_title,
          head_imgs: imageUrls(JSON.parse(p.head_img) as string[], base),
          desc_info: {
            imgs: imageUrls(JSON.parse(p.detail_img) as string[], base),
            desc: params.map((x) => `${x.key}: ${x.value}`).join('\n'),
          },
          ...(path.length > 0 ? { cats: path } : {}),
          cats_v2: path,
          express_info: {
            send_time: '',
            address_info: {
              postal_code: '',
              province_name: address?.province ?? '',
              city_name: address?.city ?? '',
              county_name: address?.county ?? '',
            },
            shipping_method: has(7) ? 'FREE' : 'NO_FREE',
          },
          extra_service: {
            seven_day_return: has(0),
            pay_after_use: has(6),
            freight_insurance: has(1),
            fake_one_pay_three: has(5),
            damage_guarantee: has(4),
          },
          statistical_data: { good_ratio: 90 + (flags % 11), sales_in_30_days: Number(p.sold) },
          skus: skus.map((k) => ({
            sku_id: k.id,
            thumb_img: imageUrl(k.thumb_img, base),
            sale_price: Number(k.sale_price),
            stock_num: Number(k.stock),
            sku_attrs: k.sku_code ? [{ attr_key: '规格', attr_value: k.sku_code }] : [],
          })),
        },
        commission_info: {
          status: 1,
          service_ratio: terms.serviceRatio,
          start_time: terms.start,
          end_time: terms.end,
          normal_commission_info: { ratio: p.commission_ratio * UNION_TO_STORE_RATIO },
        },
      },
      // Tuike models no 机构 coupons (§10 is optional and off): the lists are empty when asked.
      ...(input.get_available_coupon ? { publish_coupons: [], cooperative_coupons: [] } : {}),
    }
  }
}

/** Conditions of a 1/100,000 rate range on a 1/10,000 column (× 10), bounds inclusive. */
function rateConditions(
  column: 'p.commission_ratio',
  range: { min?: number | undefined; max?: number | undefined } | undefined,
): Condition[] {
  const out: Condition[] = []
  if (range?.min !== undefined) {
    const min = Math.ceil(range.min / UNION_TO_FILTER_RATE)
    out.push((eb) => eb(column, '>=', min))
  }
  if (range?.max !== undefined) {
    const max = Math.floor(range.max / UNION_TO_FILTER_RATE)
    out.push((eb) => eb(column, '<=', max))
  }
  return out
}
