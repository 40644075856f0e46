/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Products: product/list (every filter and sort) and the 精选 tab (product/select), with the
 * filters and the page in the URL; product detail with SKUs and coupon.
 * @module
 */
import type { ProductListParams, UnionProduct } from '@tuike/sdk'
import { Hono } from 'hono'
import { fenFromInput, percent, yuan } from '../format.ts'
import { type Kit, page } from '../kit.tsx'
import { Empty, Pager } from '../layout.tsx'

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

/** Same-origin images only: the console loads nothing from other sites. */
export function localImage(src: string | undefined): string | undefined {
  return src?.startsWith('/') && !src.startsWith('//') ? src : undefined
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

function ProductCard(props: { p: UnionProduct }) {
  const { p } = props
  const info = p.product.info
  const img = localImage(info.headImg[0])
  const coupon = p.couponInfo.hasCoupon === 1
  return (
    <li class="product">
      {img ? <img src={img} alt="" loading="lazy" width="220" height="220" /> : null}
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

export function productsPage(kit: Kit): Hono {
  const web = new Hono()
  web.get(
    '/products',
    kit.promoter(async (c, { session, api }) => {
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
          <nav class="tabs" aria-label="商品范围">
            <a href={tabHref()} aria-current={selected ? undefined : 'page'}>
              全部商品
            </a>
            <a href={tabHref('selected')} aria-current={selected ? 'page' : undefined}>
              精选
            </a>
          </nav>
          <form method="get" action="/products" class="card" aria-label="筛选商品" data-no-busy>
            {selected ? <input type="hidden" name="tab" value="selected" /> : null}
            <div class="fields">
              {selected ? null : (
                <>
                  <Field id="f-q" label="关键词">
                    <input
                      id="f-q"
                      name="q"
                      type="search"
                      value={f.q ?? ''}
                      placeholder="如：洗衣液"
                    />
                  </Field>
                  <Field id="f-qt" label="搜索范围">
                    <select id="f-qt" name="queryType">
                      {QUERY_TYPES.map(([v, l]) => (
                        <option value={v} selected={(f.queryType ?? '0') === v}>
                          {l}
                        </option>
                      ))}
                    </select>
                  </Field>
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
              <Field id="f-sort" label="排序">
                <select id="f-sort" name="sortType">
                  {SORTS.map(([v, l]) => (
                    <option value={v} selected={(f.sortType ?? '0') === v}>
                      {l}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="f-min" label="最低价（元）">
                <input id="f-min" name="minPrice" inputmode="decimal" value={f.minPrice ?? ''} />
              </Field>
              <Field id="f-max" label="最高价（元）">
                <input id="f-max" name="maxPrice" inputmode="decimal" value={f.maxPrice ?? ''} />
              </Field>
              <Field id="f-ratio" label="最低佣金比例（%）">
                <input
                  id="f-ratio"
                  name="minCommissionRatio"
                  inputmode="decimal"
                  value={f.minCommissionRatio ?? ''}
                />
              </Field>
              <fieldset>
                <legend>配送与优惠</legend>
                <div class="inline">
                  <label class="check">
                    <input type="checkbox" name="hasCoupon" value="1" checked={!!f.hasCoupon} />
                    有券
                  </label>
                  <label class="check">
                    <input type="checkbox" name="express" value="1" checked={!!f.express} />
                    快递
                  </label>
                  <label class="check">
                    <input type="checkbox" name="sameCity" value="1" checked={!!f.sameCity} />
                    同城
                  </label>
                  <label class="check">
                    <input type="checkbox" name="pickup" value="1" checked={!!f.pickup} />
                    自提
                  </label>
                </div>
              </fieldset>
            </div>
            <details open={advanced}>
              <summary>更多筛选</summary>
              <div class="fields">
                <Field id="f-cv" label="最低佣金金额（元）">
                  <input
                    id="f-cv"
                    name="minCommissionValue"
                    inputmode="decimal"
                    value={f.minCommissionValue ?? ''}
                  />
                </Field>
                <Field id="f-cats" label="类目 ID（多个用逗号分隔）">
                  <input id="f-cats" name="category" value={f.category ?? ''} />
                </Field>
                <Field id="f-nocat" label="排除类目 ID">
                  <input id="f-nocat" name="noCategory" value={f.noCategory ?? ''} />
                </Field>
                <Field id="f-pid" label="商品 ID（多个用逗号分隔）">
                  <input id="f-pid" name="productId" value={f.productId ?? ''} />
                </Field>
                <Field id="f-shop" label="店铺 AppID（多个用逗号分隔）">
                  <input id="f-shop" name="shopAppIds" value={f.shopAppIds ?? ''} />
                </Field>
                <Field id="f-prov" label="发货省份">
                  <input
                    id="f-prov"
                    name="province"
                    value={f.province ?? ''}
                    placeholder="如：广东省"
                  />
                </Field>
                <Field id="f-city" label="发货城市">
                  <input id="f-city" name="city" value={f.city ?? ''} />
                </Field>
                <Field id="f-county" label="发货区县">
                  <input id="f-county" name="county" value={f.county ?? ''} />
                </Field>
              </div>
            </details>
            <div class="actions">
              <button type="submit">筛选</button>
              <a class="button secondary" href={selected ? '/products?tab=selected' : '/products'}>
                清除筛选
              </a>
              <span class="muted" role="status">
                共 {total} 件商品
              </span>
            </div>
          </form>
          {products.length ? (
            <form method="get" action="/materials" data-no-busy>
              <ul class="products">
                {products.map((p) => (
                  <ProductCard p={p} />
                ))}
              </ul>
              <div class="actions">
                <button type="submit">为所选商品生成推广素材</button>
              </div>
            </form>
          ) : (
            <Empty>
              {selected ? '精选池中没有符合条件的商品。' : '没有符合条件的商品，试试放宽筛选条件。'}
            </Empty>
          )}
          <Pager base={keep} page={pageNo} pages={pages} path="/products" />
        </>,
      )
    }),
  )

  web.get(
    '/products/:productId',
    kit.promoter(async (c, { session, api }) => {
      const id = c.req.param('productId') ?? ''
      const res = /^\d{1,24}$/.test(id)
        ? await api.products.list({ from: 0, limit: 1, productId: [id] })
        : { productList: [] }
      const p = res.productList[0]
      if (!p) {
        return page(
          c,
          { title: '商品不存在', active: '/products', session },
          <Empty>
            没有找到商品 {id}，它可能已下架。<a href="/products">返回商品列表</a>
          </Empty>,
          404,
        )
      }
      const info = p.product.info
      const cd = p.couponInfo.couponDetail
      return page(
        c,
        { title: info.title, active: '/products', session },
        <>
          <p>
            <a href="/products">‹ 返回商品列表</a>
          </p>
          <div class="grid two">
            <section class="card detail" aria-label="商品信息">
              <div class="gallery">
                {[...info.headImg, ...info.detail.detailImg].map((src) =>
                  localImage(src) ? (
                    <img src={localImage(src)} alt="" width="160" height="160" />
                  ) : null,
                )}
              </div>
              <h2>{info.title}</h2>
              {info.subTitle ? <p class="muted">{info.subTitle}</p> : null}
              <dl>
                <dt>商品 ID</dt>
                <dd class="mono">{p.productId}</dd>
                <dt>价格</dt>
                <dd>
                  <span class="price">{yuan(info.minPrice)}</span> 起
                  {p.couponInfo.hasCoupon ? `（券后 ${yuan(info.discountPrice)}）` : ''}
                </dd>
                <dt>佣金</dt>
                <dd>
                  {percent(p.leagueExInfo.commissionRatio)}，约{' '}
                  {yuan(p.leagueExInfo.commissionValue)}
                </dd>
                <dt>类目</dt>
                <dd>{info.category.map((x) => x.name).join(' › ')}</dd>
                <dt>库存 / 已售</dt>
                <dd>
                  {info.totalStockNum} / {info.totalSoldNum}
                </dd>
                <dt>店铺</dt>
                <dd>
                  {p.shopInfo.name} <span class="mono muted">{p.shopInfo.appId}</span>
                </dd>
                <dt>配送</dt>
                <dd>
                  {[
                    p.shopInfo.shippingMethods.express ? '快递' : '',
                    p.shopInfo.shippingMethods.sameCity ? '同城配送' : '',
                    p.shopInfo.shippingMethods.pickup ? '上门自提' : '',
                  ]
                    .filter(Boolean)
                    .join('、') || '—'}
                </dd>
                {info.param.map((x) => (
                  <>
                    <dt>{x.key}</dt>
                    <dd>{x.value}</dd>
                  </>
                ))}
              </dl>
              <div class="actions">
                <a class="button" href={`/materials?productId=${encodeURIComponent(p.productId)}`}>
                  生成推广素材
                </a>
              </div>
            </section>
            <section class="card" aria-labelledby="h-coupon">
              <h2 id="h-coupon">联盟优惠券</h2>
              {p.couponInfo.hasCoupon && cd ? (
                <div class="detail">
                  <dl>
                    <dt>券 ID</dt>
                    <dd class="mono">{p.couponInfo.couponId}</dd>
                    <dt>优惠</dt>
                    <dd>
                      {cd.discountInfo.discountFee !== undefined
                        ? `减 ${yuan(Number(cd.discountInfo.discountFee))}`
                        : cd.discountInfo.discountNum !== undefined
                          ? `${cd.discountInfo.discountNum / 1000} 折`
                          : '—'}
                      {Number(cd.discountInfo.discountCondition.productPrice)
                        ? `（满 ${yuan(Number(cd.discountInfo.discountCondition.productPrice))}）`
                        : ''}
                    </dd>
                    <dt>剩余</dt>
                    <dd>{cd.restNum} 张</dd>
                    <dt>有效期</dt>
                    <dd>
                      {cd.validInfo.validType === 2
                        ? `领取后 ${cd.validInfo.validDayNum} 天内有效`
                        : `${cd.validInfo.startTime.slice(0, 10)} 至 ${cd.validInfo.endTime.slice(0, 10)}`}
                    </dd>
                    <dt>每人限领</dt>
                    <dd>{cd.receiveInfo.limitNumOnePerson} 张</dd>
                  </dl>
                </div>
              ) : (
                <Empty>该商品没有联盟优惠券。</Empty>
              )}
            </section>
          </div>
          <h2>规格（SKU）</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">SKU ID</th>
                  <th scope="col">规格编码</th>
                  <th scope="col" class="num">
                    售价
                  </th>
                  <th scope="col" class="num">
                    划线价
                  </th>
                  <th scope="col" class="num">
                    库存
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.product.skus.map((s) => (
                  <tr>
                    <td class="mono">{s.skuId}</td>
                    <td>{s.productSkuInfo.skuCode || '—'}</td>
                    <td class="num">{yuan(s.productSkuInfo.salePrice)}</td>
                    <td class="num">{yuan(s.productSkuInfo.marketPrice)}</td>
                    <td class="num">{s.productSkuInfo.stockInfo.stockNum}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>,
      )
    }),
  )
  return web
}
