/**
 * The local ledger file on its own (no server): the scale its ratios are kept at, the conversion
 * of files written before, and the two APIs never overwriting each other's orders.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Order, StoreCommissionOrder } from '@tuike/sdk'
import { CliError } from '../src/errors.ts'
import { Ledger, ratioPercent } from '../src/ledger.ts'
import { upsertStoreOrder } from '../src/store-ledger.ts'

const dir = mkdtempSync(join(tmpdir(), 'tuike-ledger-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const fresh = () => join(dir, `ledger-${++files}.sqlite`)

function unionOrder(orderId: string, ratio: number): Order {
  return {
    orderId,
    payTime: 1796000000,
    confirmReceiptTime: 0,
    shopName: '店',
    shopAppid: 'wxshop0000000001',
    customUserId: '',
    userNickName: '',
    productList: [
      {
        productId: '10000001',
        skuId: '1000000100',
        title: '商品',
        thumbImg: '',
        price: '¥100.00',
        productCnt: 1,
        ratio,
        commissionStatus: 'SETTLEMENT_PENDING',
        commissionStatusUpdateTime: '1796000000',
        commission: '-',
        estimatedCommission: 1234,
        categoryStr: '',
        promotionInfo: { promotionSourcePid: 'pid', promotionSourceName: 'spot' },
        customizeInfo: '',
      },
    ],
  } as Order
}

function storeOrder(orderId: string, serviceRatio: number): StoreCommissionOrder {
  return {
    order_id: orderId,
    sku_id: '2000000100',
    create_time: 1796000000,
    update_time: 1796000000,
    status: 20,
    order_detail: {
      shop_info: { appid: 'wxshop0000000002', shop_name: '小店' },
      product_info: {
        product_id: '20000001',
        thumb_img: '',
        title: '商品',
        actual_payment: 10000,
        product_cnt: 1,
      },
      order_info: { order_status: 20, pay_time: 1796000000, create_time: 1796000000 },
      commission_info: {
        service_ratio: serviceRatio,
        service_amount: 1234,
        promotion_channel: 1,
        sharer_info: { sharer_appid: 'wxsharer00000001', nickname: '推客', ratio: 0, amount: 0 },
      },
    },
  } as unknown as StoreCommissionOrder
}

const ratios = (ledger: Ledger) =>
  Object.fromEntries([...ledger.lines()].map((l) => [l.order_id, l.ratio]))

describe('the ledger file', () => {
  test('ratios are kept at 1/1,000,000: a successor service_ratio exactly, a union ratio ×100', () => {
    const ledger = new Ledger(fresh())
    ledger.upsert(unionOrder('1', 1234), 1796000001)
    upsertStoreOrder(ledger, storeOrder('2', 123456), 1796000001)
    assert.deepEqual(ratios(ledger), { '1': 123400, '2': 123456 })
    assert.equal(ratioPercent(123456), '12.3456%')
    assert.equal(ratioPercent(123400), '12.34%')
    assert.equal(ratioPercent(100000), '10%')
    ledger.close()
  })

  test('a file written at the old 1/10,000 scale is converted once, when first opened', () => {
    const file = fresh()
    let ledger = new Ledger(file)
    ledger.upsert(unionOrder('1', 1234), 1796000001)
    upsertStoreOrder(ledger, storeOrder('2', 123456), 1796000001)
    // What a ledger written before the 1/10^6 scale holds: the union ratio as sent, the
    // successor's floored to 1/10,000, and no format mark.
    ledger.db.exec(`update order_lines set ratio = 1234;
      delete from meta where key = 'ledgerFormat'`)
    ledger.close()
    ledger = new Ledger(file)
    assert.deepEqual(ratios(ledger), { '1': 123400, '2': 123456 })
    ledger.close()
    ledger = new Ledger(file)
    assert.deepEqual(ratios(ledger), { '1': 123400, '2': 123456 }, 'converted once only')
    ledger.close()
  })

  test('a union order never overwrites a store order of the same id, nor the reverse', () => {
    const ledger = new Ledger(fresh())
    upsertStoreOrder(ledger, storeOrder('7', 100000), 1796000001)
    assert.throws(() => ledger.upsert(unionOrder('7', 1000), 1796000002), CliError)
    assert.deepEqual(ratios(ledger), { '7': 100000 })
    assert.equal(ledger.countOrders("where source = 'store'"), 1)
    ledger.upsert(unionOrder('8', 1000), 1796000001)
    assert.throws(() => upsertStoreOrder(ledger, storeOrder('8', 100000), 1796000002), CliError)
    ledger.close()
  })
})
