/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Commission by day as a stacked bar chart in inline SVG, rendered on the server: no script,
 * no external request. The same numbers are in a table under it for screen readers.
 * @module
 */
import { yuan } from './format.ts'

export interface DayBar {
  day: string
  pending: number
  settled: number
  cancelled: number
}

export const SERIES = [
  { key: 'settled', label: '已结算', color: '#1f9d55' },
  { key: 'pending', label: '待结算', color: '#f0a500' },
  { key: 'cancelled', label: '已取消', color: '#a3a9b1' },
] as const

/** A rounded axis maximum (1, 2 or 5 × 10^n fen) above `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 100
  const p = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p
  return 10 * p
}

export function CommissionChart(props: { bars: DayBar[] }) {
  const { bars } = props
  const W = 900
  const H = 260
  const left = 64
  const bottom = 28
  const top = 10
  const plotW = W - left - 10
  const plotH = H - top - bottom
  const max = niceMax(Math.max(0, ...bars.map((b) => b.pending + b.settled + b.cancelled)))
  const step = plotW / Math.max(1, bars.length)
  const barW = Math.max(2, step * 0.7)
  const y = (v: number) => top + plotH - (v / max) * plotH
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max)
  const labelEvery = Math.ceil(bars.length / 10)
  const total = (k: 'pending' | 'settled' | 'cancelled') => bars.reduce((s, b) => s + b[k], 0)
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="chart-title">每日佣金</title>
        <desc id="chart-desc">
          {`${bars[0]?.day ?? ''} 至 ${bars.at(-1)?.day ?? ''}：已结算 ${yuan(total('settled'))}，待结算 ${yuan(total('pending'))}，已取消 ${yuan(total('cancelled'))}`}
        </desc>
        {ticks.map((t) => (
          <g>
            <line x1={left} x2={W - 10} y1={y(t)} y2={y(t)} stroke="#e3e5e8" />
            <text x={left - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#6b727c">
              {yuan(t)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = left + i * step + (step - barW) / 2
          let acc = 0
          return (
            <g data-day={b.day}>
              <title>{`${b.day} 已结算 ${yuan(b.settled)} · 待结算 ${yuan(b.pending)} · 已取消 ${yuan(b.cancelled)}`}</title>
              {SERIES.map((s) => {
                const v = b[s.key]
                if (v <= 0) return null
                const y0 = y(acc)
                acc += v
                const y1 = y(acc)
                return (
                  <rect
                    class={`bar-${s.key}`}
                    x={x}
                    y={y1}
                    width={barW}
                    height={Math.max(1, y0 - y1)}
                    fill={s.color}
                  />
                )
              })}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={H - 8} text-anchor="middle" font-size="11" fill="#6b727c">
                  {b.day.slice(5)}
                </text>
              ) : null}
            </g>
          )
        })}
        <line x1={left} x2={W - 10} y1={y(0)} y2={y(0)} stroke="#9aa1aa" />
      </svg>
      <figcaption>
        <ul class="legend">
          {SERIES.map((s) => (
            <li>
              <i class={`sw-${s.key}`}></i>
              {s.label} {yuan(total(s.key))}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}
