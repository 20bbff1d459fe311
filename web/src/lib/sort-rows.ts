// Sorting table rows by a column's value: numbers as numbers, text in natural order, empty values last
// whichever the direction.

export type SortDirection = "asc" | "desc";
export interface SortState {
  key: string;
  direction: SortDirection;
}
export type SortValue = string | number | boolean | null | undefined;

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function compareValues(a: SortValue, b: SortValue): number {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** A sorted copy; stable, and empty values stay last in both directions. */
export function sortRows<Row>(rows: readonly Row[], value: (row: Row) => SortValue, direction: SortDirection): Row[] {
  return rows
    .map((row, index) => ({ row, index, value: value(row) }))
    .sort((left, right) => {
      const leftEmpty = left.value === null || left.value === undefined || left.value === "";
      const rightEmpty = right.value === null || right.value === undefined || right.value === "";
      if (leftEmpty || rightEmpty) return leftEmpty === rightEmpty ? left.index - right.index : leftEmpty ? 1 : -1;
      const order = compareValues(left.value, right.value);
      return (direction === "asc" ? order : -order) || left.index - right.index;
    })
    .map((entry) => entry.row);
}

/** Clicking a header: a new column sorts descending first for numbers (biggest first), ascending for text. */
export function nextSort(current: SortState | undefined, key: string, numeric: boolean): SortState {
  if (current?.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: numeric ? "desc" : "asc" };
}
