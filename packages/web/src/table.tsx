/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The console's tables: one scrollable table of columns over rows, with the labels a
 * `table.stack` shows for each cell below 600 px, or an empty state when there are no rows.
 * @module
 */
import type { Child } from 'hono/jsx'
import { Card, Empty } from './layout.tsx'

export interface Column<T> {
  /** The header cell. */
  head: Child
  /** The cell's label when the table stacks into rows on a phone (`data-label`). */
  label?: string
  /** The class of the header and body cells (`num`). */
  class?: string
  /** The class of the body cell when it differs from the header's (`mono`). */
  cellClass?: string
  cell: (row: T, index: number) => Child
}

/** A table but its rows: a page's table written once, shown with `<DataTable {...spec} rows />`. */
export interface TableSpec<T> {
  id?: string
  /** Stack into labelled rows on a phone (`table.stack`). */
  stack?: boolean
  label?: string
  caption?: Child
  columns: Column<T>[]
  /** What shows instead of an empty table. */
  empty?: Child
  /** Show the table in a card under this heading (`id` labels the card). */
  card?: { id: string; title: Child }
}

export function DataTable<T>(props: TableSpec<T> & { rows: T[] }) {
  if (props.card) {
    const { card, ...table } = props
    return (
      <Card id={card.id} title={card.title}>
        <DataTable {...table} />
      </Card>
    )
  }
  const { columns } = props
  if (!props.rows.length && props.empty !== undefined) return <Empty>{props.empty}</Empty>
  return (
    <div class="table-wrap" tabindex={0}>
      <table id={props.id} class={props.stack ? 'stack' : undefined} aria-label={props.label}>
        {props.caption}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.class}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr>
              {columns.map((c) => (
                <td class={c.cellClass ?? c.class} data-label={c.label}>
                  {c.cell(row, i)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A column whose header is also its label on a phone. */
export function column<T>(head: string, cell: (row: T) => Child, cellClass?: string): Column<T> {
  return { head, label: head, cell, ...(cellClass ? { cellClass } : {}) }
}
