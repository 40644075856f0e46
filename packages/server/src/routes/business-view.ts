/**
 * `/open-business-view`: the emulator's stand-in for the pages WeChat opens from
 * wx.openBusinessView (store-promoter-api.md §4.2), a mobile page like the short-link landing
 * page. A mini program under test opens it with the `queryString` (and `extraData`) it would pass
 * to wx.openBusinessView; the signed tuike_ticket inside the query string names the 机构, the
 * person and the step, so the page needs no sign-in. The person registers (or is told to finish
 * real-name payment first, or leaves), or agrees to bind with extraData's commission, or refuses;
 * the platform then answers the next status query and pushes promoter_bind_result.
 * @module
 */
import { controlCharacterPath } from '@tuike/contract'
import type { AppContext, AppHono } from '../http/env.ts'
import { statusOf } from '../http/errors.ts'
import { WechatError } from '../services/errors.ts'
import type { Services } from '../services/index.ts'
import type { BusinessViewAction, BusinessViewState, ExtraData } from '../services/sharers.ts'
import { esc, message, page, secure } from './short-links.ts'

const TITLE = '推客注册与绑定'
const REGISTER_STATUS = ['未注册', '注册中', '已注册', '需先完成微信支付实名'] as const
const ACTIONS = new Set<string>(['register', 'register-needs-real-name', 'leave', 'bind', 'refuse'])

/** extraData as wx.openBusinessView passes it (JSON); anything else counts as none. */
function extraOf(text: string | undefined): ExtraData {
  try {
    const v: unknown = JSON.parse(text ?? '{}')
    if (typeof v !== 'object' || v === null) return {}
    const o = v as Record<string, unknown>
    return {
      ...(typeof o.commissionType === 'number' ? { commissionType: o.commissionType } : {}),
      ...(typeof o.commissionRatio === 'number' ? { commissionRatio: o.commissionRatio } : {}),
      ...(typeof o.headSupplierAppid === 'string'
        ? { headSupplierAppid: o.headSupplierAppid }
        : {}),
    }
  } catch {
    return {}
  }
}

function button(action: string, label: string): string {
  return `<button type="submit" name="action" value="${action}">${label}</button>`
}

function view(queryString: string, extra: ExtraData, st: BusinessViewState, note = ''): string {
  const status = REGISTER_STATUS[st.register_status as 0 | 1 | 2 | 3] ?? st.register_status
  const register = `${button('register', '完成注册')}${button('register-needs-real-name', '注册（需先完成微信支付实名）')}${button('leave', '稍后再说')}`
  const bind = `<label for="ct">分佣类型 commissionType</label><select id="ct" name="commissionType">
<option value="0"${extra.commissionType === 0 ? ' selected' : ''}>0 平台分佣</option>
<option value="1"${extra.commissionType === 0 ? '' : ' selected'}>1 机构自己分佣</option></select>
<label for="cr">分佣比例 commissionRatio（1/1,000,000）</label><input id="cr" name="commissionRatio" inputmode="numeric" value="${esc(extra.commissionRatio ?? 500000)}">
<label for="hs">机构 headSupplierAppid</label><input id="hs" name="headSupplierAppid" value="${esc(extra.headSupplierAppid ?? st.appid)}">
${button('bind', '同意绑定')}${button('refuse', '拒绝')}`
  return page(
    TITLE,
    `<section><h1>${TITLE}</h1>${note ? `<p>${esc(note)}</p>` : ''}
<p class="sub">机构 ${esc(st.appid)} · 推客 ${esc(st.sharer_appid)} · 注册状态 ${esc(status)} · 绑定状态 ${st.bind_status === 1 ? '已绑定' : '未绑定'}</p>
<form method="post" action="/open-business-view"><input type="hidden" name="queryString" value="${esc(queryString)}">
${st.step === 'register' ? register : bind}</form></section>
<p class="note">Tuike stands in for WeChat's wx.openBusinessView pages; back in the mini program, query get_promoter_register_and_bind_status again.</p>`,
  )
}

export function registerBusinessView(app: AppHono, s: Services): void {
  const show = async (c: AppContext, queryString: string, extra: ExtraData, action: string) => {
    try {
      const extraData = action === 'bind' ? extra : {}
      const st = await s.sharers.businessView(queryString, action as BusinessViewAction, extraData)
      secure(c)
      return c.html(view(queryString, extra, st, action === 'view' ? '' : '已完成。'))
    } catch (err) {
      if (err instanceof WechatError && err.fault) {
        return message(c, statusOf(err.fault), TITLE, err.message)
      }
      throw err
    }
  }

  app.get('/open-business-view', (c) => {
    const q = { queryString: c.req.query('queryString') ?? '', extra: c.req.query('extraData') }
    if (controlCharacterPath(q)) return message(c, 400, TITLE, 'control characters refused')
    return show(c, q.queryString, extraOf(q.extra), 'view')
  })

  app.post('/open-business-view', async (c) => {
    const form = await c.req.parseBody()
    const field = (name: string) => (typeof form[name] === 'string' ? String(form[name]) : '')
    if (controlCharacterPath(form) || !ACTIONS.has(field('action'))) {
      return message(c, 400, TITLE, "choose one of the page's buttons")
    }
    const int = (name: string) => (/^\d{1,7}$/.test(field(name)) ? Number(field(name)) : undefined)
    const extra: ExtraData = {
      ...(int('commissionType') !== undefined ? { commissionType: int('commissionType') } : {}),
      ...(int('commissionRatio') !== undefined ? { commissionRatio: int('commissionRatio') } : {}),
      headSupplierAppid: field('headSupplierAppid'),
    }
    return show(c, field('queryString'), extra, field('action'))
  })
}
