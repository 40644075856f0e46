/**
 * The one orders CSV of the product (the console's 导出 CSV and `tuike orders export`): one row
 * per product line, Chinese titles, a UTF-8 BOM and CRLF so Excel on Windows reads it, money in
 * yuan as plain numbers, times in the chosen zone (named in the titles), and text cells that
 * cannot start a formula. Imports only the other import-free files, so the SDK carries a copy.
 * @module
 */
import { toFen, yuanText } from './money.ts'
import { DEFAULT_TIME_ZONE, formatTime, zoneTitle } from './time.ts'

/** One order line, money in fen, as both the console (wire orders) and the CLI (ledger) have it. */
export interface OrderCsvLine {
  orderId: string
  /** Unix seconds. */
  payTime: number
  /** Unix seconds; 0 while not confirmed. */
  confirmReceiptTime: number
  shopAppid: string
  shopName: string
  productId: string
  skuId: string
  title: string
  productCnt: number
  /** The line's total (the wire's `price`), fen. */
  lineTotalFen: number
  /** 1/10000. */
  ratio: number
  commissionStatus: string
  /** Unix seconds; 0 when unknown. */
  commissionStatusUpdateTime: number
  estimatedCommissionFen: number
  /** null while pending (the wire's `"-"`). */
  commissionFen: number | null
  pid: string
  spotName: string
  customizeInfo: string
}

const STATUS_TEXT: Record<string, string> = {
  SETTLEMENT_PENDING: '待结算',
  SETTLEMENT_SUCCESS: '已结算',
  SETTLEMENT_CANCELED: '已取消',
}

type Kind = 'text' | 'number' | 'time'
interface Column {
  title: (tz: string) => string
  kind: Kind
  value: (l: OrderCsvLine) => string | number | null
}

const col = (title: string, kind: Kind, value: Column['value']): Column => ({
  title: () => title,
  kind,
  value,
})
const timeCol = (title: string, value: Column['value']): Column => ({
  title: (tz) => `${title}（${zoneTitle(tz)}）`,
  kind: 'time',
  value,
})
const money = (fen: number | null) => (fen === null ? null : yuanText(fen))

/** The unit price in fen: the line total over the count, rounded to the fen. */
export function unitPriceFen(l: { lineTotalFen: number; productCnt: number }): number {
  return l.productCnt > 0 ? Math.round(l.lineTotalFen / l.productCnt) : l.lineTotalFen
}

/** The columns, in order. */
export const ORDER_CSV_COLUMNS: readonly Column[] = [
  col('订单号', 'text', (l) => l.orderId),
  timeCol('支付时间', (l) => l.payTime),
  timeCol('确认收货时间', (l) => l.confirmReceiptTime),
  col('店铺 AppID', 'text', (l) => l.shopAppid),
  col('店铺', 'text', (l) => l.shopName),
  col('商品 ID', 'text', (l) => l.productId),
  col('SKU ID', 'text', (l) => l.skuId),
  col('商品', 'text', (l) => l.title),
  col('单价（元）', 'number', (l) => money(unitPriceFen(l))),
  col('数量', 'number', (l) => l.productCnt),
  col('金额（元）', 'number', (l) => money(l.lineTotalFen)),
  col('佣金比例（%）', 'number', (l) => Number((l.ratio / 100).toFixed(2))),
  col('预估佣金（元）', 'number', (l) => money(l.estimatedCommissionFen)),
  col('佣金（元）', 'number', (l) => money(l.commissionFen)),
  col('佣金状态', 'text', (l) => STATUS_TEXT[l.commissionStatus] ?? l.commissionStatus),
  timeCol('状态更新时间', (l) => l.commissionStatusUpdateTime),
  col('推广位', 'text', (l) => l.spotName),
  col('推广位 ID', 'text', (l) => l.pid),
  col('customizeInfo', 'text', (l) => l.customizeInfo),
]

/** The byte order mark that tells Excel the file is UTF-8. */
export const CSV_BOM = '\uFEFF'

/** One cell: quoted when needed; text that a spreadsheet would run as a formula gets a `'`. */
export function csvCell(value: string | number | null, kind: Kind = 'text'): string {
  let s = value === null ? '' : String(value)
  if (kind === 'text' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function cells(values: (string | number | null)[], kinds: Kind[]): string {
  return `${values.map((v, i) => csvCell(v, kinds[i])).join(',')}\r\n`
}

/** The title row (with the BOM in front): write it once, then `orderCsvRow` per line. */
export function orderCsvHead(tz: string = DEFAULT_TIME_ZONE): string {
  return (
    CSV_BOM +
    cells(
      ORDER_CSV_COLUMNS.map((c) => c.title(tz)),
      [],
    )
  )
}

/** One line's row, CRLF-terminated. */
export function orderCsvRow(l: OrderCsvLine, tz: string = DEFAULT_TIME_ZONE): string {
  const values = ORDER_CSV_COLUMNS.map((c) => {
    const v = c.value(l)
    if (c.kind !== 'time') return v
    return typeof v === 'number' && v > 0 ? formatTime(v, tz) : ''
  })
  return cells(
    values,
    ORDER_CSV_COLUMNS.map((c) => c.kind),
  )
}

/** A whole file. */
export function ordersCsv(lines: OrderCsvLine[], tz: string = DEFAULT_TIME_ZONE): string {
  return orderCsvHead(tz) + lines.map((l) => orderCsvRow(l, tz)).join('')
}

/** What `orderCsvLines` reads of a wire order (order/info, order/search), leniently. */
export interface WireOrderLike {
  orderId: string
  payTime?: number | string
  confirmReceiptTime?: number | string
  shopAppid?: string
  shopName?: string
  customizeInfo?: string
  productList: {
    productId: string
    skuId?: string
    title?: string
    productCnt?: number | string
    price?: string
    ratio?: number | string
    commissionStatus: string
    commissionStatusUpdateTime?: number | string
    estimatedCommission?: number | string
    commission?: string
    promotionInfo?: { promotionSourcePid?: string; promotionSourceName?: string }
    customizeInfo?: string
  }[]
}

const int = (v: number | string | undefined) => {
  const n = Number(v)
  return Number.isFinite(n) ? Math.trunc(n) : 0
}

/** A wire order's lines as CSV lines (money read from the `"¥"` strings into fen). */
export function orderCsvLines(o: WireOrderLike): OrderCsvLine[] {
  return o.productList.map((l) => ({
    orderId: o.orderId,
    payTime: int(o.payTime),
    confirmReceiptTime: int(o.confirmReceiptTime),
    shopAppid: o.shopAppid ?? '',
    shopName: o.shopName ?? '',
    productId: l.productId,
    skuId: l.skuId ?? '',
    title: l.title ?? '',
    productCnt: int(l.productCnt ?? 1),
    lineTotalFen: toFen(l.price) ?? 0,
    ratio: int(l.ratio),
    commissionStatus: l.commissionStatus,
    commissionStatusUpdateTime: int(l.commissionStatusUpdateTime),
    estimatedCommissionFen: int(l.estimatedCommission),
    commissionFen: toFen(l.commission),
    pid: l.promotionInfo?.promotionSourcePid ?? '',
    spotName: l.promotionInfo?.promotionSourceName ?? '',
    customizeInfo: l.customizeInfo ?? o.customizeInfo ?? '',
  }))
}
