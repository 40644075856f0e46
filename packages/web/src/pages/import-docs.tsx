/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /docs/import: the NDJSON import format (`POST /admin/v1/import/:kind`, the operator's 商品导入
 * page), every field with its unit, and a sample file per kind. Public, like /docs.
 * @module
 */
import { Hono } from 'hono'
import { secure } from '../kit.tsx'
import { Card, Layout } from '../layout.tsx'
import { type Column, DataTable } from '../table.tsx'

/** A field of the format: name, type and unit, whether it is required, what it means. */
type Row = [field: string, type: string, required: string, meaning: string]

/** Rows written one a line, their four cells separated by ` | `. */
function rows(text: string): Row[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const cells = line.split(' | ')
      if (cells.length !== 4) throw new Error(`import-docs: not four cells: ${line}`)
      return cells as Row
    })
}

const CATEGORY = rows(`
catId | 字符串或整数 | 是 | 类目 ID（按 ID 幂等更新）
name | 字符串 | 是 | 类目名称
parentId | 字符串或整数 | 否 | 上级类目 ID；一级类目不填。上级须已存在（库里或本文件前面的行）
seq | 整数 | 否 | 同级排序，默认 0
`)

const SHOP = rows(`
appId | 字符串 | 是 | 店铺 AppID（按它幂等更新）
name | 字符串 | 是 | 店铺名称，最多 512 字
username | 字符串 | 是 | 原始 ID，gh_ 开头
headImgUrl | 字符串 | 是 | 店铺头像 URL 或本服务器的 /img/… 路径
shippingMethods | 对象 | 是 | {"express":0|1,"sameCity":0|1,"pickup":0|1}：快递、同城、自提
addressList | 数组 | 否 | 发货地址（同城或自提时）：[{"addressInfo":{"provinceName","cityName","countyName"}}]
sameCityTemplate | 对象 | 否 | 同城配送范围
freightTemplate | 对象 | 否 | 快递不配送地区
`)

const PRODUCT = rows(`
productId | 字符串或整数 | 是 | 商品 ID（可超过 2^53，写成字符串）
shopAppId | 字符串 | 是 | 所属店铺 AppID，店铺须先导入
title | 字符串 | 是 | 商品标题，最多 512 字
subTitle | 字符串 | 否 | 副标题
headImg | 字符串数组 | 否 | 主图 URL 或 /img/… 路径
categoryId | 字符串或整数 | 是 | 最末级类目 ID，路径由上级推出
minPrice | 整数，分 | 是 | 最低售价，单位分：¥39.90 写 3990（写 39.9 会被拒绝）
discountPrice | 整数，分 | 否 | 券后价，单位分；默认按优惠券计算
commissionRatio | 整数，万分之一 | 是 | 佣金比例，0–10000：15% 写 1500
totalStockNum | 整数 | 否 | 总库存，默认 0
totalSoldNum | 整数 | 否 | 已售件数，默认 0
totalOrderNum | 整数 | 否 | 订单数，默认 0
status | 整数 | 否 | 商品状态，默认 5（上架）
brand | 字符串 | 否 | 品牌名称
brandId | 字符串或整数 | 否 | 品牌 ID；无品牌不填
model | 字符串 | 否 | 型号
detailImg | 字符串数组 | 否 | 详情图
param | 数组 | 否 | 参数：[{"key":"净含量","value":"2kg"}]
coupon | 对象 | 否 | 联盟优惠券：{"couponId", "couponDetail"}，见下方「优惠券」
skus | 数组 | 否 | SKU 列表，见下方「SKU」
selected | 0 或 1 | 否 | 1 放入精选池；不填保持不变
tradeComponent | 0 或 1 | 否 | 1 标记为自定义交易组件商品（open_product/list）
`)

const SKU = rows(`
skuId | 字符串或整数 | 是 | SKU ID
salePrice | 整数，分 | 是 | 售价，单位分
marketPrice | 整数，分 | 是 | 划线价（市场价），单位分
stockNum | 整数 | 否 | 库存，默认 0（0 即售罄，落地页不可选）
thumbImg | 字符串 | 否 | SKU 缩略图 URL 或 /img/… 路径
skuCode | 字符串 | 否 | 商家编码
status | 整数 | 否 | SKU 状态
`)

const COUPON = rows(`
couponId | 字符串或整数 | 是 | 优惠券 ID
couponDetail.type | 整数 | 是 | 1 商品条件折扣券、2 商品满减券、3 商品统一折扣券、4 商品直减券；101–104 为对应的店铺券
couponDetail.restNum | 整数 | 是 | 剩余张数
couponDetail.discountInfo.discountNum | 整数，万分之一 | 否 | 折扣券的折扣：8 折写 8000
couponDetail.discountInfo.discountFee | 整数，分 | 否 | 满减券、直减券的减免金额，单位分
couponDetail.discountInfo.discountCondition.productIds | 字符串数组 | 是 | 可用商品 ID
couponDetail.discountInfo.discountCondition.productCnt | 整数 | 是 | 满几件可用
couponDetail.discountInfo.discountCondition.productPrice | 整数，分 | 是 | 满多少可用，单位分；0 为无门槛
couponDetail.validInfo.validType | 整数 | 是 | 1 固定时间段，2 领取后若干天内有效
couponDetail.validInfo.validDayNum | 整数 | 是 | 领取后有效天数（validType 2）
couponDetail.validInfo.startTime | Unix 秒或 "yyyy-MM-dd HH:mm:ss" | 是 | 有效期开始（validType 1）；北京时间
couponDetail.validInfo.endTime | Unix 秒或 "yyyy-MM-dd HH:mm:ss" | 是 | 有效期结束
couponDetail.receiveInfo.startTime | Unix 秒或 "yyyy-MM-dd HH:mm:ss" | 是 | 领取开始时间
couponDetail.receiveInfo.endTime | Unix 秒或 "yyyy-MM-dd HH:mm:ss" | 是 | 领取结束时间
couponDetail.receiveInfo.limitNumOnePerson | 整数 | 是 | 每人限领张数
`)

const SAMPLES: [string, string][] = [
  [
    'categories.ndjson',
    `{"catId":"1001","name":"个护清洁"}
{"catId":"1001001","name":"洗衣液","parentId":"1001","seq":1}`,
  ],
  [
    'shops.ndjson',
    `{"appId":"wx1234567890abcdef","name":"蓝月亮官方旗舰店","username":"gh_0123456789ab","headImgUrl":"/img/shop/1.svg","shippingMethods":{"express":1,"sameCity":0,"pickup":0}}`,
  ],
  [
    'products.ndjson',
    `{"productId":"10000001","shopAppId":"wx1234567890abcdef","title":"蓝月亮深层洁净洗衣液 2kg","headImg":["/img/head/10000001.svg"],"categoryId":"1001001","minPrice":3990,"commissionRatio":1500,"totalStockNum":500,"skus":[{"skuId":"20000001","salePrice":3990,"marketPrice":5990,"stockNum":500}]}`,
  ],
]

const FIELD_COLUMNS: Column<Row>[] = [
  { head: '字段', label: '字段', cellClass: 'mono', cell: (r) => r[0] },
  { head: '类型 / 单位', label: '类型', cell: (r) => r[1] },
  { head: '必填', label: '必填', cell: (r) => r[2] },
  { head: '说明', label: '说明', cell: (r) => r[3] },
]

function Fields(props: { id: string; title: string; rows: Row[] }) {
  return (
    <Card id={props.id} title={props.title}>
      <DataTable stack columns={FIELD_COLUMNS} rows={props.rows} />
    </Card>
  )
}

export function importDocsPage(): Hono {
  const web = new Hono()
  // The samples as files, to download or to pipe into `tuike admin import`.
  web.get('/docs/import/:file{[a-z]+\\.ndjson}', (c) => {
    const sample = SAMPLES.find(([name]) => name === c.req.param('file'))
    if (!sample) return c.notFound()
    c.header('content-disposition', `attachment; filename="${sample[0]}"`)
    return c.body(`${sample[1]}\n`, 200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
  })
  web.get('/docs/import', (c) => {
    secure(c)
    return c.html(
      <Layout title="商品导入格式（NDJSON）">
        <p>
          运营在「商品导入」页或 <code>POST /admin/v1/import/:kind</code>（kind 为
          categories、shops、products）上传 NDJSON：UTF-8 文本，每行一个 JSON 对象。按 ID
          幂等更新，可重复导入；坏行逐行报告（行号从 1 起）并跳过，其余照常导入。
          先导入类目和店铺，再导入商品。
        </p>
        <p>
          <b>单位</b>：金额一律为整数<b>分</b>（¥39.90 写 3990），佣金比例为<b>万分之一</b>（15% 写
          1500），时间为 Unix 秒。ID 可写字符串或整数，超过 2^53 的 ID 请写成字符串。
        </p>
        <Fields id="h-cat" title="类目（categories）" rows={CATEGORY} />
        <Fields id="h-shop" title="店铺（shops）" rows={SHOP} />
        <Fields id="h-prod" title="商品（products）" rows={PRODUCT} />
        <Fields id="h-sku" title="SKU（products 的 skus 数组元素）" rows={SKU} />
        <Fields id="h-coupon" title="优惠券（products 的 coupon）" rows={COUPON} />
        <section class="card" aria-labelledby="h-sample">
          <h2 id="h-sample">示例文件</h2>
          {SAMPLES.map(([name, text]) => (
            <div class="field">
              <label for={`s-${name}`}>
                {name}（
                <a href={`/docs/import/${name}`} download>
                  下载
                </a>
                ）
              </label>
              <textarea id={`s-${name}`} readonly rows={3} class="mono">
                {text}
              </textarea>
            </div>
          ))}
        </section>
      </Layout>,
    )
  })
  return web
}
