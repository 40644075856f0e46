/**
 * 推客 (sharers) of a 机构 (store-promoter-api.md §4): people identified by an openid under the
 * 机构's mini program, their registration (completed on the emulator's stand-in for
 * wx.openBusinessView, §4.2), their binding to the 机构 and its commission settings.
 *
 * A binding is backed by a promotion spot of the 机构 (its pid), created on the first bind and
 * kept across unbind and rebind, so a sharer's materials keep one code and order lines attribute
 * to the spot as on the union. Bind and unbind push promoter_bind_result in their transaction.
 * @module
 */
import { createHmac } from 'node:crypto'
import {
  CREATOR_APPLYMENTS,
  type EndpointInput,
  type EndpointResponse,
  SHARER_RATIO_MIN,
  STORE_DEFAULT_PAGE_SIZE,
  type STORE_ENDPOINTS,
  STORE_RATIO_SCALE,
} from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, Db, SharerBindingsTable, SharersTable } from '../db/schema.ts'
import { randomHex, safeEqual } from '../security/hash.ts'
import { WechatError } from './errors.ts'
import { imageUrl } from './images.ts'
import { institutionOf } from './institutions.ts'
import { decodeNextKey, keysetPage } from './next-key.ts'
import { lockPromoter, openidLike } from './promoters.ts'
import { insertSpot } from './promotions.ts'
import { enqueueStoreEvents, WECHAT_TEAM_OPENID } from './store-callbacks.ts'

type E = typeof STORE_ENDPOINTS
export type SharerRow = Selectable<SharersTable>
export type BindingRow = Selectable<SharerBindingsTable>

/** Which sharer a request names: the appid wins when both are sent. */
export interface SharerRef {
  sharer_appid?: string | undefined
  sharer_openid?: string | undefined
}

/** The step a ticket of a query string completes. */
type Step = 'register' | 'bind'

/** What the stand-in for wx.openBusinessView can do at each step. */
export type BusinessViewAction =
  | 'view'
  | 'register'
  | 'register-needs-real-name'
  | 'leave'
  | 'bind'
  | 'refuse'

/** What the stand-in page shows after an action: whose step it is and where the person stands. */
export interface BusinessViewState {
  appid: string
  step: Step
  sharer_appid: string
  register_status: number
  bind_status: 0 | 1
}

/** `extraData` of wx.openBusinessView (§4.2). */
export interface ExtraData {
  commissionType?: number
  commissionRatio?: number
  headSupplierAppid?: string
}

/** A sharer's ratio when none was given: half of the 机构 service fee. */
export const DEFAULT_SHARER_RATIO = 500_000

function bindQuery(simple: boolean, ticket: string): string {
  return `redirect_url=%2Fauth%2Fpages%2Fauthorization%2Findex&is_simple_register=${simple ? 1 : 0}&is_from_promoter=1&tuike_ticket=${ticket}`
}

/** 10071029 (or 10071058 on unbind): the sharer is not bound to this 机构. */
function notBound(sharerAppid: string, errcode = 10071029): WechatError {
  return new WechatError(
    errcode,
    `${errcode === 10071058 ? '推客没有绑定机构' : '推客和机构未绑定'}: ${sharerAppid} is not bound to this 机构`,
  )
}

export class Sharers {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly key: string,
  ) {}

  /**
   * The person named by `ref` for 机构 `appid`: by sharer_appid (unknown: 10024000), or by an
   * openid under the 机构's mini program (one of another mini program: 10071056; one never seen:
   * a new person, registered nowhere, when `create`).
   */
  async person(
    db: Db,
    appid: string,
    ref: SharerRef,
    create: boolean,
  ): Promise<SharerRow | undefined> {
    if (ref.sharer_appid !== undefined) {
      const row = await db
        .selectFrom('sharers')
        .selectAll()
        .where('sharer_appid', '=', ref.sharer_appid)
        .executeTakeFirst()
      if (!row)
        throw new WechatError(
          10024000,
          `参数错误: sharer_appid ${ref.sharer_appid} is not a registered sharer`,
        )
      return row
    }
    const openid = ref.sharer_openid!
    const inst = await institutionOf(db, appid)
    const find = () =>
      db.selectFrom('sharers').selectAll().where('openid', '=', openid).executeTakeFirst()
    let row = await find()
    if (!row && create) {
      await db
        .insertInto('sharers')
        .values(this.#newPerson(openid, inst.miniprogram_appid))
        .onConflict((oc) => oc.column('openid').doNothing())
        .execute()
      row = await find()
    }
    if (row && row.miniprogram_appid !== inst.miniprogram_appid) {
      throw new WechatError(
        10071056,
        `请求参数(如sharer_openid)对应的小程序未绑定到当前机构: ${openid} is an openid of mini program ${row.miniprogram_appid}`,
      )
    }
    return row
  }

  #newPerson(openid: string, miniprogramAppid: string, nickname?: string) {
    const sharerAppid = `wx${randomHex(8)}`
    return {
      sharer_appid: sharerAppid,
      openid,
      miniprogram_appid: miniprogramAppid,
      org_openid: openidLike(),
      unionid: openidLike(),
      nickname: nickname ?? `推客${sharerAppid.slice(-4)}`,
      head_img_url: `/img/avatar/${sharerAppid}.svg`,
      register_status: 0,
      simple_register: 0,
      created_at: nowSeconds(this.clock),
    }
  }

  async #binding(db: Db, appid: string, sharerAppid: string): Promise<BindingRow | undefined> {
    return db
      .selectFrom('sharer_bindings')
      .selectAll()
      .where('appid', '=', appid)
      .where('sharer_appid', '=', sharerAppid)
      .executeTakeFirst()
  }

  /** get_promoter_register_and_bind_status (§4.1). */
  async status(
    appid: string,
    input: EndpointInput<E['promoter/get_promoter_register_and_bind_status']>,
  ): Promise<
    Omit<
      EndpointResponse<E['promoter/get_promoter_register_and_bind_status']>,
      'errcode' | 'errmsg'
    >
  > {
    const person = (await this.person(this.db, appid, input, true))!
    const binding = await this.#binding(this.db, appid, person.sharer_appid)
    const bound = binding?.bound === 1
    const registered = person.register_status === 2
    const simple = input.is_simple_register
    return {
      bind_status: bound ? 1 : 0,
      register_status: person.register_status as 0 | 1 | 2 | 3,
      register_business_type: registered ? '' : CREATOR_APPLYMENTS,
      register_query_string: registered
        ? ''
        : bindQuery(simple, this.#ticket(appid, person.sharer_appid, 'register', simple)),
      bind_business_type: registered && !bound ? CREATOR_APPLYMENTS : '',
      bind_query_string:
        registered && !bound
          ? bindQuery(simple, this.#ticket(appid, person.sharer_appid, 'bind', simple))
          : '',
      sharer_appid: bound ? person.sharer_appid : '',
    }
  }

  /** get_bind_sharer_list (§4.3): bound sharers by bind time, then sharer_appid; avatars on `base`. */
  async list(
    appid: string,
    input: EndpointInput<E['promoter/get_bind_sharer_list']>,
    base: string,
  ): Promise<Omit<EndpointResponse<E['promoter/get_bind_sharer_list']>, 'errcode' | 'errmsg'>> {
    const { next_key, page_size, ...filters } = input
    const after = decodeNextKey(next_key, 'sharers', filters, ['time', 'id'])
    const size = page_size ?? STORE_DEFAULT_PAGE_SIZE
    let q = this.db
      .selectFrom('sharer_bindings as b')
      .innerJoin('sharers as s', 's.sharer_appid', 'b.sharer_appid')
      .select([
        'b.sharer_appid',
        'b.bind_time',
        'b.commission_ratio',
        'b.commission_type',
        's.nickname',
        's.head_img_url',
      ])
      .where('b.appid', '=', appid)
      .where('b.bound', '=', 1)
    if (filters.sharer_appid !== undefined) q = q.where('b.sharer_appid', '=', filters.sharer_appid)
    else if (filters.sharer_openid !== undefined) {
      const person = await this.person(
        this.db,
        appid,
        { sharer_openid: filters.sharer_openid },
        false,
      )
      q = q.where('b.sharer_appid', '=', person?.sharer_appid ?? '')
    }
    if (after) {
      const [time, sharer] = after
      q = q.where((eb) =>
        eb.or([
          eb('b.bind_time', '>', Number(time)),
          eb.and([eb('b.bind_time', '=', Number(time)), eb('b.sharer_appid', '>', String(sharer))]),
        ]),
      )
    }
    const rows = await q
      .orderBy('b.bind_time')
      .orderBy('b.sharer_appid')
      .limit(size + 1)
      .execute()
    const { page, nextKey } = keysetPage(rows, size, 'sharers', filters, (r) => [
      Number(r.bind_time),
      r.sharer_appid,
    ])
    return {
      sharer_info_list: page.map((r) => ({
        sharer_appid: r.sharer_appid,
        bind_time: Number(r.bind_time),
        commission_ratio: r.commission_ratio,
        commission_type: r.commission_type === 1 ? 1 : 0,
        nickname: r.nickname,
        head_img_url: imageUrl(r.head_img_url, base),
      })),
      next_key: nextKey,
    }
  }

  /** The bound binding of a sharer named by `ref` (materials, ratios): else 10071029 / 10071056. */
  async bound(appid: string, ref: SharerRef): Promise<{ person: SharerRow; binding: BindingRow }> {
    const person = await this.person(this.db, appid, ref, false)
    if (!person) throw notBound(`sharer_openid ${ref.sharer_openid}`)
    const binding = await this.#binding(this.db, appid, person.sharer_appid)
    if (binding?.bound !== 1) throw notBound(person.sharer_appid)
    return { person, binding }
  }

  /** headsupplier_unbind_promoter (§4.4). */
  async unbind(appid: string, sharerAppid: string): Promise<Record<string, never>> {
    await this.db.transaction().execute(async (trx) => {
      await lockPromoter(trx, appid)
      const binding = await this.#binding(trx, appid, sharerAppid)
      if (binding?.bound !== 1) throw notBound(sharerAppid, 10071058)
      const now = nowSeconds(this.clock)
      await trx
        .updateTable('promotion_spots')
        .set({ deleted_at: now })
        .where('pid', '=', binding.pid)
        .execute()
      await this.#setBound(trx, appid, binding, 0, {}, now)
    })
    return {}
  }

  /** set_sharer_commission_info (§4.5): for orders created afterwards. */
  async setCommission(
    appid: string,
    input: EndpointInput<E['promoter/set_sharer_commission_info']>,
  ): Promise<Record<string, never>> {
    const { person, binding } = await this.bound(appid, { sharer_appid: input.sharer_appid })
    if (input.commission_type === 0 && person.simple_register === 1) {
      throw new WechatError(
        10024000,
        `参数错误: commission_type 0 (平台分佣) needs a full registration; ${person.sharer_appid} registered with is_simple_register`,
      )
    }
    await this.db
      .updateTable('sharer_bindings')
      .set({ commission_type: input.commission_type, commission_ratio: input.commission_ratio })
      .where('appid', '=', appid)
      .where('sharer_appid', '=', binding.sharer_appid)
      .execute()
    return {}
  }

  /** set_sharer_product_commission_info (§5.3): an override for orders created afterwards. */
  async setProductRatio(
    appid: string,
    input: EndpointInput<E['promoter/set_sharer_product_commission_info']>,
  ): Promise<Record<string, never>> {
    await this.bound(appid, { sharer_appid: input.sharer_appid })
    await this.#knownProduct(input.product_id)
    await this.db
      .insertInto('sharer_product_ratios')
      .values({
        appid,
        sharer_appid: input.sharer_appid,
        product_id: input.product_id,
        commission_ratio: input.commission_ratio,
      })
      .onConflict((oc) =>
        oc
          .columns(['appid', 'sharer_appid', 'product_id'])
          .doUpdateSet({ commission_ratio: input.commission_ratio }),
      )
      .execute()
    return {}
  }

  /** get_sharer_product_commission_info (§5.4): the override, else the general ratio (is_set false). */
  async productRatio(
    appid: string,
    input: EndpointInput<E['promoter/get_sharer_product_commission_info']>,
  ): Promise<{ is_set: boolean; commission_ratio: number }> {
    const { binding } = await this.bound(appid, { sharer_appid: input.sharer_appid })
    await this.#knownProduct(input.product_id)
    const ratio = await sharerShare(this.db, binding, input.product_id)
    return { is_set: ratio.overridden, commission_ratio: ratio.share }
  }

  async #knownProduct(productId: string): Promise<void> {
    const p = await this.db
      .selectFrom('products')
      .select('id')
      .where('id', '=', productId)
      .executeTakeFirst()
    if (!p) throw new WechatError(10024004, `不存在该商品: no product ${productId}`)
  }

  /**
   * The operator's shortcut (and the console's): a registered person under the 机构's mini
   * program, bound with the given commission setting. Pushes promoter_bind_result.
   */
  async createBound(
    appid: string,
    opts: {
      simpleRegister?: boolean
      nickname?: string
      commissionType?: 0 | 1
      commissionRatio?: number
    },
  ): Promise<{ sharer_appid: string; sharer_openid: string }> {
    const inst = await institutionOf(this.db, appid)
    const simple = opts.simpleRegister === true
    const type = opts.commissionType ?? (simple ? 1 : 0)
    const ratio = opts.commissionRatio ?? DEFAULT_SHARER_RATIO
    checkCommission(simple, type, ratio)
    const person = {
      ...this.#newPerson(openidLike(), inst.miniprogram_appid, opts.nickname),
      register_status: 2,
      simple_register: simple ? 1 : 0,
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('sharers').values(person).execute()
      await this.#bind(trx, appid, person.sharer_appid, type, ratio)
    })
    return { sharer_appid: person.sharer_appid, sharer_openid: person.openid }
  }

  /**
   * The emulator's stand-in for wx.openBusinessView (§4.2): `queryString` is the
   * register_query_string or bind_query_string of §4.1, whose tuike_ticket names the 机构, the
   * person and the step. Registration: register (2), register-needs-real-name (3) or leave
   * (1, started); binding: bind (with extraData's commission setting) or refuse; view changes
   * nothing.
   */
  async businessView(
    queryString: string,
    action: BusinessViewAction,
    extra: ExtraData,
  ): Promise<BusinessViewState> {
    const ticket = this.#readTicket(new URLSearchParams(queryString).get('tuike_ticket') ?? '')
    const { appid, sharerAppid, step, simple } = ticket
    const wrong = (why: string) => new WechatError(10024000, `参数错误: ${why}`, 'invalid')
    const stepOf: Record<BusinessViewAction, Step> = {
      view: step,
      register: 'register',
      'register-needs-real-name': 'register',
      leave: 'register',
      bind: 'bind',
      refuse: 'bind',
    }
    if (stepOf[action] !== step)
      throw wrong(`this is the ${step} page; ${action} belongs to the ${stepOf[action]} page`)
    await this.db.transaction().execute(async (trx) => {
      if (action === 'view') return
      await lockPromoter(trx, appid)
      const person = await trx
        .selectFrom('sharers')
        .selectAll()
        .where('sharer_appid', '=', sharerAppid)
        .executeTakeFirstOrThrow()
      if (step === 'register') {
        if (person.register_status === 2) throw wrong('the sharer is already registered')
        const status =
          action === 'register'
            ? 2
            : action === 'register-needs-real-name'
              ? 3
              : Math.max(person.register_status, 1)
        await trx
          .updateTable('sharers')
          .set({ register_status: status, simple_register: simple ? 1 : 0 })
          .where('sharer_appid', '=', sharerAppid)
          .execute()
        return
      }
      if (action === 'refuse') return
      if (person.register_status !== 2) throw wrong('the sharer must register before binding')
      if ((await this.#binding(trx, appid, sharerAppid))?.bound === 1)
        throw wrong('the sharer is already bound to this 机构')
      if (extra.headSupplierAppid !== appid)
        throw wrong(`extraData.headSupplierAppid must be the 机构's appid ${appid}`)
      const type = extra.commissionType
      if (type !== 0 && type !== 1)
        throw wrong('extraData.commissionType must be 0 (平台分佣) or 1 (机构自己分佣)')
      const ratio = extra.commissionRatio ?? Number.NaN
      checkCommission(person.simple_register === 1, type, ratio, wrong)
      await this.#bind(trx, appid, sharerAppid, type, ratio)
    })
    const person = await this.db
      .selectFrom('sharers')
      .select('register_status')
      .where('sharer_appid', '=', sharerAppid)
      .executeTakeFirstOrThrow()
    const bound = (await this.#binding(this.db, appid, sharerAppid))?.bound === 1
    return {
      appid,
      step,
      sharer_appid: sharerAppid,
      register_status: person.register_status,
      bind_status: bound ? 1 : 0,
    }
  }

  /** Bind (or rebind) inside `trx`, holding the 机构's lock: the spot is created or revived. */
  async #bind(
    trx: Transaction<Database>,
    appid: string,
    sharerAppid: string,
    type: number,
    ratio: number,
  ): Promise<void> {
    const account = await lockPromoter(trx, appid)
    const now = nowSeconds(this.clock)
    const binding = await this.#binding(trx, appid, sharerAppid)
    const settings = { commission_type: type, commission_ratio: ratio, bind_time: now }
    if (binding) {
      await trx
        .updateTable('promotion_spots')
        .set({ deleted_at: null })
        .where('pid', '=', binding.pid)
        .execute()
      await this.#setBound(trx, appid, binding, 1, settings, now)
      return
    }
    const pid = await insertSpot(trx, account, sharerAppid, now)
    const row = { appid, sharer_appid: sharerAppid, pid, bound: 0, event_seq: 0, ...settings }
    await trx.insertInto('sharer_bindings').values(row).execute()
    await this.#setBound(trx, appid, row, 1, settings, now)
  }

  /** Set the binding's state and push promoter_bind_result (bind_status 1 bound, 2 unbound). */
  async #setBound(
    trx: Transaction<Database>,
    appid: string,
    binding: Pick<BindingRow, 'sharer_appid' | 'event_seq'>,
    bound: 0 | 1,
    settings: Partial<Pick<BindingRow, 'commission_type' | 'commission_ratio' | 'bind_time'>>,
    now: number,
  ): Promise<void> {
    const seq = Number(binding.event_seq) + 1
    await trx
      .updateTable('sharer_bindings')
      .set({ ...settings, bound, event_seq: seq })
      .where('appid', '=', appid)
      .where('sharer_appid', '=', binding.sharer_appid)
      .execute()
    const [inst, person] = await Promise.all([
      institutionOf(trx, appid),
      trx
        .selectFrom('sharers')
        .select(['org_openid', 'unionid'])
        .where('sharer_appid', '=', binding.sharer_appid)
        .executeTakeFirstOrThrow(),
    ])
    await enqueueStoreEvents(trx, appid, [
      {
        key: `sharer:${binding.sharer_appid}`,
        seq,
        event: {
          ToUserName: inst.username,
          FromUserName: WECHAT_TEAM_OPENID,
          CreateTime: now,
          MsgType: 'event',
          Event: 'promoter_bind_result',
          bind_status: bound === 1 ? 1 : 2,
          sharer_appid: binding.sharer_appid,
          sharer_openid: person.org_openid,
          sharer_unionid: person.unionid,
        },
      },
    ])
  }

  #ticket(appid: string, sharerAppid: string, step: Step, simple: boolean): string {
    const text = `${appid}.${sharerAppid}.${step}.${simple ? 1 : 0}`
    return `${Buffer.from(text).toString('base64url')}.${this.#mac(text)}`
  }

  #readTicket(ticket: string): { appid: string; sharerAppid: string; step: Step; simple: boolean } {
    const [payload = '', mac = ''] = ticket.split('.')
    const text = Buffer.from(payload, 'base64url').toString()
    const m = /^(wx[0-9a-f]{16})\.(wx[0-9a-f]{16})\.(register|bind)\.([01])$/.exec(text)
    if (!m || !safeEqual(mac, this.#mac(text))) {
      throw new WechatError(
        10024000,
        '参数错误: queryString carries no valid tuike_ticket (use the register_query_string or bind_query_string of get_promoter_register_and_bind_status)',
        'invalid',
      )
    }
    return { appid: m[1]!, sharerAppid: m[2]!, step: m[3] as Step, simple: m[4] === '1' }
  }

  #mac(text: string): string {
    return createHmac('sha256', this.key)
      .update(`business-view\n${text}`)
      .digest('base64url')
      .slice(0, 22)
  }
}

/**
 * The commission a binding may take (§4.2, §4.5): type 0 (平台分佣) needs a ratio in
 * [100000, 1000000] and a full registration; type 1 takes [0, 1000000].
 */
function checkCommission(
  simple: boolean,
  type: number,
  ratio: number,
  fail: (why: string) => WechatError = (why) => new WechatError(200002, why, 'invalid'),
): void {
  const min = type === 0 ? SHARER_RATIO_MIN : 0
  if (!Number.isInteger(ratio) || ratio < min || ratio > STORE_RATIO_SCALE) {
    throw fail(
      `commissionRatio must be an integer in [${min}, ${STORE_RATIO_SCALE}] for commissionType ${type}`,
    )
  }
  if (type === 0 && simple)
    throw fail('commissionType 0 (平台分佣) needs a full registration, not is_simple_register')
}

/**
 * The share of the 机构 service fee a sharer gets on `productId`: its per-product override if
 * set, else its general ratio.
 */
export async function sharerShare(
  db: Db,
  binding: Pick<BindingRow, 'appid' | 'sharer_appid' | 'commission_ratio'>,
  productId: string,
): Promise<{ share: number; overridden: boolean }> {
  const override = await db
    .selectFrom('sharer_product_ratios')
    .select('commission_ratio')
    .where('appid', '=', binding.appid)
    .where('sharer_appid', '=', binding.sharer_appid)
    .where('product_id', '=', productId)
    .executeTakeFirst()
  return override
    ? { share: override.commission_ratio, overridden: true }
    : { share: binding.commission_ratio, overridden: false }
}
