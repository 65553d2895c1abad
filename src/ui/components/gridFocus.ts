/**
 * Focus movement in a grid of `count` items laid out `columns` per row (a list is one column), and the
 * scroll that keeps the focused row in view. Pure: screens keep the numbers, these compute the next ones.
 * Moves never wrap around an edge; a TV remote that wraps loses people.
 */
export type Direction = 'up' | 'down' | 'left' | 'right'

export function moveInGrid(index: number, count: number, columns: number, direction: Direction): number {
  if (count <= 0) return 0
  const col = index % columns
  switch (direction) {
    case 'left':
      return col > 0 ? index - 1 : index
    case 'right':
      return col < columns - 1 && index + 1 < count ? index + 1 : index
    case 'up':
      return index - columns >= 0 ? index - columns : index
    case 'down': {
      const lastRow = Math.floor((count - 1) / columns)
      const row = Math.floor(index / columns)
      if (row >= lastRow) return index
      // into a shorter last row: land on its last item rather than not moving
      return Math.min(index + columns, count - 1)
    }
  }
}

/** The first visible row after focusing `row`, scrolling as little as possible. */
export function firstRowShowing(row: number, firstRow: number, visibleRows: number, totalRows: number): number {
  let first = firstRow
  if (row < first) first = row
  if (row >= first + visibleRows) first = row - visibleRows + 1
  return Math.max(0, Math.min(first, Math.max(0, totalRows - visibleRows)))
}
