/**
 * The product's time rule and its one orders CSV (issue 18, items 13 and 14): Beijing time by
 * default with the zone printed, another zone on request; an Excel-safe CSV whose 单价 is the
 * unit price and whose pending commission is empty, not a defused `'-`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  dayStart,
  formatDate,
  formatTime,
  formatTimeZoned,
  isTimeZone,
  type OrderCsvLine,
  orderCsvLines,
  ordersCsv,
  zoneLabel,
} from '../src/index.ts'

// 2026-12-02 13:33:20 UTC.
const T = Date.UTC(2026, 11, 2, 13, 33, 20) / 1000

test('times are Beijing time by default, with the zone printed', () => {
  assert.equal(formatTime(T), '2026-12-02 21:33')
  assert.equal(formatTimeZoned(T), '2026-12-02 21:33 (UTC+8)')
  assert.equal(formatDate(T - 13 * 3600 + 16 * 3600), '2026-12-03')
  assert.equal(dayStart('2026-12-02'), Date.UTC(2026, 11, 1, 16) / 1000)
})

test('another zone, with its offset (daylight saving included)', () => {
  assert.equal(formatTimeZoned(T, 'UTC'), '2026-12-02 13:33 (UTC)')
  assert.equal(formatTimeZoned(T, 'America/New_York'), '2026-12-02 08:33 (UTC-5)')
  assert.equal(zoneLabel(Date.UTC(2026, 6, 1) / 1000, 'America/New_York'), 'UTC-4')
  assert.equal(zoneLabel(T, 'Asia/Kolkata'), 'UTC+5:30')
  assert.equal(dayStart('2026-07-01', 'America/New_York'), Date.UTC(2026, 6, 1, 4) / 1000)
  assert.equal(isTimeZone('Europe/Paris'), true)
  assert.equal(isTimeZone('Mars/Olympus'), false)
  assert.equal(dayStart('2026-13-01'), undefined)
  assert.equal(dayStart('2026-02-30'), undefined)
})

const ORDER = {
  orderId: '3703000000000000001',
  payTime: T,
  confirmReceiptTime: 0,
  shopAppid: 'wx0000000000000001',
  shopName: '=HYPERLINK("x")',
  productList: [
    {
      productId: '1001',
      skuId: '2001',
      title: '-洗衣液, 2kg',
      productCnt: 2,
      price: '¥143.80',
      ratio: 1500,
      commissionStatus: 'SETTLEMENT_PENDING',
      commissionStatusUpdateTime: String(T),
      estimatedCommission: 2157,
      commission: '-',
      promotionInfo: { promotionSourcePid: 'pid_1', promotionSourceName: '朋友圈' },
      customizeInfo: '',
    },
  ],
}

test('the orders CSV: BOM, Chinese titles naming the zone, CRLF, unit price, empty pending commission', () => {
  const lines: OrderCsvLine[] = orderCsvLines(ORDER)
  const csv = ordersCsv(lines)
  assert.ok(csv.startsWith('\uFEFF订单号,支付时间（北京时间）,'))
  const rows = csv.slice(1).split('\r\n')
  assert.equal(rows.at(-1), '', 'every row ends with CRLF')
  const head = rows[0]!.split(',')
  const row = rows[1]!
  assert.ok(row.includes(`"'=HYPERLINK(""x"")"`), 'formula-looking text is defused')
  assert.ok(row.includes(`"'-洗衣液, 2kg"`))
  const cells = row.replace(/"[^"]*(?:""[^"]*)*"/g, 'Q').split(',')
  const at = (title: string) => cells[head.indexOf(title)]
  assert.equal(at('单价（元）'), '71.90')
  assert.equal(at('数量'), '2')
  assert.equal(at('金额（元）'), '143.80')
  assert.equal(at('佣金（元）'), '')
  assert.equal(at('佣金比例（%）'), '15')
  assert.equal(at('支付时间（北京时间）'), '2026-12-02 21:33')
  assert.equal(at('确认收货时间（北京时间）'), '')
  assert.equal(at('佣金状态'), '待结算')
  assert.ok(ordersCsv(lines, 'UTC').includes('支付时间（UTC）'))
})
