/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Product detail: the product's information, its union coupon and its SKUs.
 * @module
 */
import type { UnionProduct } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { percent, yuan } from '../format.ts'
import { type Kit, type PromoterCtx, page, promoterGetPage } from '../kit.tsx'
import { Empty } from '../layout.tsx'
import { localImage } from './products.tsx'

function ProductInfo(props: { p: UnionProduct }) {
  const { p } = props
  const info = p.product.info
  return (
    <section class="card detail" aria-label="商品信息">
      <div class="gallery">
        {[...info.headImg, ...info.detail.detailImg].map((src) =>
          localImage(src) ? <img src={localImage(src)} alt="" width="160" height="160" /> : null,
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
          {percent(p.leagueExInfo.commissionRatio)}，约 {yuan(p.leagueExInfo.commissionValue)}
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
  )
}

function CouponCard(props: { p: UnionProduct }) {
  const { p } = props
  const cd = p.couponInfo.couponDetail
  return (
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
  )
}

function SkuTable(props: { p: UnionProduct }) {
  const { p } = props
  return (
    <>
      <h2>规格（SKU）</h2>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">图片</th>
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
                <td>
                  {localImage(s.productSkuInfo.thumbImg) ? (
                    <img
                      class="thumb"
                      src={localImage(s.productSkuInfo.thumbImg)}
                      alt=""
                      width="40"
                      height="40"
                    />
                  ) : (
                    '—'
                  )}
                </td>
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
    </>
  )
}

/** GET /products/:productId */
async function productDetail(c: Context, { session, api }: PromoterCtx): Promise<Response> {
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
  return page(
    c,
    { title: info.title, active: '/products', session },
    <>
      <p>
        <a href="/products">‹ 返回商品列表</a>
      </p>
      <div class="grid two">
        <ProductInfo p={p} />
        <CouponCard p={p} />
      </div>
      <SkuTable p={p} />
    </>,
  )
}

export function productPage(kit: Kit): Hono {
  return promoterGetPage(kit, '/products/:productId', productDetail)
}
