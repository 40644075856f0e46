/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Products: product/list (every filter and sort) and the 精选 tab (product/select), with the
 * filters and the page in the URL; product detail with SKUs and coupon.
 * @module
 */
import type { ProductCategoriesResponse, ProductListParams, UnionProduct } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import { fenFromInput, percent, yuan } from '../format.ts'
import { type Kit, type PromoterCtx, page } from '../kit.tsx'
import { Empty, Pager, Submit } from '../layout.tsx'

export const PAGE_SIZE = 20

export const SORTS: [string, string][] = [
  ['0', '综合'],
  ['1', '价格从低到高'],
  ['2', '价格从高到低'],
  ['3', '佣金比例从低到高'],
  ['4', '佣金比例从高到低'],
  ['5', '佣金金额从低到高'],
  ['6', '佣金金额从高到低'],
  ['7', '销量从低到高'],
  ['8', '销量从高到低'],
]

const QUERY_TYPES: [string, string][] = [
  ['0', '商品名称'],
  ['1', '店铺名称'],
  ['2', '商品 ID'],
]

/**
 * This server's own images only (`/img/…`, as a path or behind whatever origin the API wrote in
 * front of it), as a same-origin path: the console loads nothing from other sites.
 */
export function localImage(src: string | undefined): string | undefined {
  if (!src) return undefined
  if (src.startsWith('/') && !src.startsWith('//')) return src
  try {
    const url = new URL(src)
    return /^https?:$/.test(url.protocol) && url.pathname.startsWith('/img/')
      ? `${url.pathname}${url.search}`
      : undefined
  } catch {
    return undefined
  }
}

/** The filter names the page keeps in its URL. */
const KEYS = [
  'tab',
  'q',
  'queryType',
  'minPrice',
  'maxPrice',
  'minCommissionRatio',
  'minCommissionValue',
  'sortType',
  'categoryId',
  'category',
  'noCategory',
  'productId',
  'shopAppIds',
  'hasCoupon',
  'express',
  'sameCity',
  'pickup',
  'province',
  'city',
  'county',
] as const
type Filters = Partial<Record<(typeof KEYS)[number], string>>

/** A list typed with spaces or commas. */
const list = (v: string | undefined) => v?.split(/[\s,，]+/).filter(Boolean)

/** The URL's filters as the SDK's product/list (or product/select) parameters. */
export function listParams(f: Filters): Omit<ProductListParams, 'from' | 'limit'> {
  const ratio = f.minCommissionRatio ? Number(f.minCommissionRatio) : undefined
  const ship = {
    ...(f.express ? { express: 1 as const } : {}),
    ...(f.sameCity ? { sameCity: 1 as const } : {}),
    ...(f.pickup ? { pickup: 1 as const } : {}),
  }
  const address = {
    ...(f.province ? { provinceName: f.province } : {}),
    ...(f.city ? { cityName: f.city } : {}),
    ...(f.county ? { countyName: f.county } : {}),
  }
  const selected = f.tab === 'selected'
  return {
    query: selected ? undefined : f.q || undefined,
    queryType: selected || !f.q ? undefined : f.queryType || undefined,
    minPrice: fenFromInput(f.minPrice),
    maxPrice: fenFromInput(f.maxPrice),
    minCommissionRatio:
      ratio !== undefined && Number.isFinite(ratio) && ratio >= 0
        ? Math.round(ratio * 100)
        : undefined,
    minCommissionValue: fenFromInput(f.minCommissionValue),
    sortType: f.sortType && f.sortType !== '0' ? f.sortType : undefined,
    categoryId: f.categoryId || undefined,
    category: list(f.category),
    noCategory: list(f.noCategory),
    productId: list(f.productId),
    shopAppIds: list(f.shopAppIds),
    hasCoupon: f.hasCoupon ? 1 : undefined,
    shippingMethods: Object.keys(ship).length ? ship : undefined,
    addressList: Object.keys(address).length ? [{ addressInfo: address }] : undefined,
  }
}

function Field(props: { id: string; label: string; children: unknown }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  )
}

/** A select of `[value, label]` options showing the filter's value (`0` when unset). */
function Choice(props: {
  id: string
  name: 'queryType' | 'sortType'
  label: string
  options: [string, string][]
  f: Filters
}) {
  const value = props.f[props.name] ?? '0'
  return (
    <Field id={props.id} label={props.label}>
      <select id={props.id} name={props.name}>
        {props.options.map(([v, l]) => (
          <option value={v} selected={value === v}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  )
}

type TextField = {
  id: string
  name: (typeof KEYS)[number]
  label: string
  decimal?: boolean
  placeholder?: string
}

/** A text filter showing the filter's value (a number in 元 or % when `decimal`). */
function TextFilter(props: TextField & { f: Filters }) {
  return (
    <Field id={props.id} label={props.label}>
      <input
        id={props.id}
        name={props.name}
        inputmode={props.decimal ? 'decimal' : undefined}
        value={props.f[props.name] ?? ''}
        placeholder={props.placeholder}
      />
    </Field>
  )
}

const AMOUNTS: TextField[] = [
  { id: 'f-min', name: 'minPrice', label: '最低价（元）', decimal: true },
  { id: 'f-max', name: 'maxPrice', label: '最高价（元）', decimal: true },
  { id: 'f-ratio', name: 'minCommissionRatio', label: '最低佣金比例（%）', decimal: true },
]

const ADVANCED: TextField[] = [
  { id: 'f-cv', name: 'minCommissionValue', label: '最低佣金金额（元）', decimal: true },
  { id: 'f-cats', name: 'category', label: '类目 ID（多个用逗号分隔）' },
  { id: 'f-nocat', name: 'noCategory', label: '排除类目 ID' },
  { id: 'f-pid', name: 'productId', label: '商品 ID（多个用逗号分隔）' },
  { id: 'f-shop', name: 'shopAppIds', label: '店铺 AppID（多个用逗号分隔）' },
  { id: 'f-prov', name: 'province', label: '发货省份', placeholder: '如：广东省' },
  { id: 'f-city', name: 'city', label: '发货城市' },
  { id: 'f-county', name: 'county', label: '发货区县' },
]

const CHECKS = [
  ['hasCoupon', '有券'],
  ['express', '快递'],
  ['sameCity', '同城'],
  ['pickup', '自提'],
] as const

function ProductCard(props: { p: UnionProduct }) {
  const { p } = props
  const info = p.product.info
  const img = localImage(info.headImg[0])
  const coupon = p.couponInfo.hasCoupon === 1
  return (
    <li class="product">
      {img ? (
        <img src={img} alt="" loading="lazy" width="220" height="220" />
      ) : (
        <div class="noimg">暂无图片</div>
      )}
      <div class="body">
        <h3>
          <a href={`/products/${encodeURIComponent(p.productId)}`}>{info.title}</a>
        </h3>
        <div>
          <span class="price">{yuan(coupon ? info.discountPrice : info.minPrice)}</span>
          {coupon ? <span class="was">{yuan(info.minPrice)}</span> : null}{' '}
          {coupon ? <span class="coupon">券</span> : null}
        </div>
        <div class="muted">
          佣金 {percent(p.leagueExInfo.commissionRatio)} · 约 {yuan(p.leagueExInfo.commissionValue)}
        </div>
        <div class="muted">
          {p.shopInfo.name} · 已售 {info.totalSoldNum}
        </div>
        <label class="check">
          <input type="checkbox" name="productId" value={p.productId} /> 选择推广
        </label>
      </div>
    </li>
  )
}

function Tabs(props: { selected: boolean; all: string; picked: string }) {
  return (
    <nav class="tabs" aria-label="商品范围">
      <a href={props.all} aria-current={props.selected ? undefined : 'page'}>
        全部商品
      </a>
      <a href={props.picked} aria-current={props.selected ? 'page' : undefined}>
        精选
      </a>
    </nav>
  )
}

function FilterFields(props: { f: Filters; selected: boolean; cats: ProductCategoriesResponse }) {
  const { f, selected, cats } = props
  return (
    <div class="fields">
      {selected ? null : (
        <>
          <Field id="f-q" label="关键词">
            <input id="f-q" name="q" type="search" value={f.q ?? ''} placeholder="如：洗衣液" />
          </Field>
          <Choice id="f-qt" name="queryType" label="搜索范围" options={QUERY_TYPES} f={f} />
        </>
      )}
      <Field id="f-cat" label="类目">
        <select id="f-cat" name="categoryId">
          <option value="">全部类目</option>
          {cats.productCats.map((cat) => (
            <option value={cat.catId} selected={f.categoryId === cat.catId}>
              {cat.name || cat.catId}
            </option>
          ))}
        </select>
      </Field>
      <Choice id="f-sort" name="sortType" label="排序" options={SORTS} f={f} />
      {AMOUNTS.map((a) => (
        <TextFilter f={f} {...a} />
      ))}
      <fieldset>
        <legend>配送与优惠</legend>
        <div class="inline">
          {CHECKS.map(([name, label]) => (
            <label class="check">
              <input type="checkbox" name={name} value="1" checked={!!f[name]} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  )
}

function AdvancedFilters(props: { f: Filters; open: boolean }) {
  const { f } = props
  return (
    <details open={props.open}>
      <summary>更多筛选</summary>
      <div class="fields">
        {ADVANCED.map((a) => (
          <TextFilter f={f} {...a} />
        ))}
      </div>
    </details>
  )
}

function FilterActions(props: { selected: boolean; total: number }) {
  const { selected, total } = props
  return (
    <div class="actions">
      <button type="submit">筛选</button>
      <a class="button secondary" href={selected ? '/products?tab=selected' : '/products'}>
        清除筛选
      </a>
      <span class="muted" role="status">
        共 {total} 件商品
      </span>
    </div>
  )
}

function Results(props: { products: UnionProduct[]; selected: boolean }) {
  const { products, selected } = props
  return products.length ? (
    <form method="get" action="/materials" data-no-busy>
      <ul class="products">
        {products.map((p) => (
          <ProductCard p={p} />
        ))}
      </ul>
      <Submit label="为所选商品生成推广素材" />
    </form>
  ) : (
    <Empty>
      {selected ? '精选池中没有符合条件的商品。' : '没有符合条件的商品，试试放宽筛选条件。'}
    </Empty>
  )
}

/** GET /products: the filters and the page are in the URL. */
async function listProducts(c: Context, { session, api }: PromoterCtx): Promise<Response> {
  const url = new URL(c.req.url)
  const f: Filters = {}
  for (const k of KEYS) {
    const v = url.searchParams.get(k)?.trim()
    if (v) f[k] = v
  }
  const selected = f.tab === 'selected'
  const pageNo = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1))
  const params = { from: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE, ...listParams(f) }
  const [cats, list] = await Promise.all([
    api.products.categories(),
    (selected ? api.products.select(params) : api.products.list(params)).then(
      (r) => ({ ok: true as const, r }),
      (err) => ({ ok: false as const, err }),
    ),
  ])
  if (!list.ok) throw list.err
  const products = list.r.productList
  const total = list.r.total
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const keep = new URLSearchParams()
  for (const k of KEYS) if (f[k]) keep.set(k, f[k]!)
  const tabHref = (tab?: string) => {
    const q = new URLSearchParams(keep)
    q.delete('page')
    if (tab) q.set('tab', tab)
    else q.delete('tab')
    if (tab === 'selected') {
      q.delete('q')
      q.delete('queryType')
    }
    return `/products${q.size ? `?${q}` : ''}`
  }
  const advanced =
    !!f.category ||
    !!f.noCategory ||
    !!f.productId ||
    !!f.shopAppIds ||
    !!f.province ||
    !!f.city ||
    !!f.county ||
    !!f.minCommissionValue
  return page(
    c,
    { title: '商品', active: '/products', session },
    <>
      <Tabs selected={selected} all={tabHref()} picked={tabHref('selected')} />
      <form method="get" action="/products" class="card" aria-label="筛选商品" data-no-busy>
        {selected ? <input type="hidden" name="tab" value="selected" /> : null}
        <FilterFields f={f} selected={selected} cats={cats} />
        <AdvancedFilters f={f} open={advanced} />
        <FilterActions selected={selected} total={total} />
      </form>
      <Results products={products} selected={selected} />
      <Pager base={keep} page={pageNo} pages={pages} path="/products" />
    </>,
  )
}

export function productsPage(kit: Kit): Hono {
  const web = new Hono()
  web.get('/products', kit.promoter(listProducts))
  return web
}
