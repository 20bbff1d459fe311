// A table for any rows: columns with formatters, sortable headers (buttons, with aria-sort), links on
// rows, an empty state, and an optional "Export CSV" link to the API's streamed export.
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { nextSort, sortRows, type SortState, type SortValue } from "../lib/sort-rows.ts";
import { ArrowDownIcon, ArrowUpIcon, DownloadIcon } from "./icons.tsx";
import { EmptyState } from "./states.tsx";

export interface Column<Row> {
  key: string;
  header: string;
  /** The raw value, used to sort (and shown as text when there is no `format`). */
  value: (row: Row) => SortValue;
  /** How the cell reads, e.g. (v) => formatUsd(v as number). */
  format?: (value: SortValue, row: Row) => ReactNode;
  /** Numbers align right. @default "left" */
  align?: "left" | "right";
  /** @default true */
  sortable?: boolean;
  /** A tooltip on the header. */
  description?: string;
  className?: string;
}

export interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** The table's accessible name (a caption only screen readers see). */
  label: string;
  /** Sorting done here, starting with this. Without it rows keep their order until a header is clicked. */
  initialSort?: SortState;
  /** Sorting done by the caller (server-side): shown in the headers; clicks call onSortChange. */
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
  /** Makes the first cell of each row a link (keyboard reachable) to this address. */
  rowHref?: (row: Row) => string;
  /** Adds an "Export CSV" link (e.g. analyticsExportUrl("models", query)). */
  exportHref?: string;
  /** Rendered left of the export link, above the table. */
  toolbar?: ReactNode;
  emptyTitle?: string;
  emptyDescription?: ReactNode;
  emptyAction?: ReactNode;
  /** Dims the rows while newer data loads. */
  loading?: boolean;
  /** Below the table, e.g. a "Load more" button. */
  footer?: ReactNode;
  className?: string;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, rows, rowKey, label, rowHref, exportHref, toolbar, loading = false, footer, className = "" } = props;
  const [ownSort, setOwnSort] = useState<SortState | undefined>(props.initialSort);
  const controlled = props.onSortChange !== undefined;
  const sort = controlled ? props.sort : ownSort;

  const shown = useMemo(() => {
    if (controlled || !sort) return rows;
    const column = columns.find((candidate) => candidate.key === sort.key);
    return column ? sortRows(rows, column.value, sort.direction) : rows;
  }, [controlled, sort, rows, columns]);

  const onHeader = (column: Column<Row>) => {
    const sample = rows.map(column.value).find((value) => value !== null && value !== undefined && value !== "");
    const next = nextSort(sort, column.key, typeof sample === "number");
    if (controlled) props.onSortChange?.(next);
    else setOwnSort(next);
  };

  return (
    <div className={className}>
      {(toolbar || exportHref) && (
        <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
          {toolbar && <div className="mr-auto flex flex-wrap items-center gap-2">{toolbar}</div>}
          {exportHref && (
            <a
              href={exportHref}
              download
              className="inline-flex items-center gap-1.5 rounded-tremor-small border border-tremor-border px-2.5 py-1 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
            >
              <DownloadIcon /> Export CSV
            </a>
          )}
        </div>
      )}
      {rows.length === 0 ? (
        <EmptyState title={props.emptyTitle ?? "No rows"} description={props.emptyDescription} action={props.emptyAction} />
      ) : (
        <Table className={`transition-opacity ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
          <caption className="sr-only">{label}</caption>
          <TableHead>
            <TableRow>
              {columns.map((column) => {
                const sortable = column.sortable ?? true;
                const active = sort?.key === column.key;
                return (
                  <TableHeaderCell
                    key={column.key}
                    scope="col"
                    aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}
                    className={`whitespace-nowrap ${column.align === "right" ? "text-right" : ""}`}
                    title={column.description}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        onClick={() => onHeader(column)}
                        className={`inline-flex items-center gap-1 rounded hover:text-tremor-content-strong dark:hover:text-dark-tremor-content-strong ${column.align === "right" ? "flex-row-reverse" : ""}`}
                      >
                        {column.header}
                        <span className={active ? "" : "opacity-0"} aria-hidden="true">
                          {active && sort.direction === "asc" ? <ArrowUpIcon /> : <ArrowDownIcon />}
                        </span>
                      </button>
                    ) : (
                      column.header
                    )}
                  </TableHeaderCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((row) => (
              <TableRow key={rowKey(row)} className="hover:bg-tremor-background-muted dark:hover:bg-dark-tremor-background-muted">
                {columns.map((column, index) => {
                  const value = column.value(row);
                  const content = column.format
                    ? column.format(value, row)
                    : value === null || value === undefined || value === ""
                      ? "–"
                      : String(value);
                  return (
                    <TableCell
                      key={column.key}
                      className={`${column.align === "right" ? "text-right tabular-nums" : ""} ${column.className ?? ""}`}
                    >
                      {index === 0 && rowHref ? (
                        <Link to={rowHref(row)} className="font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand">
                          {content}
                        </Link>
                      ) : (
                        content
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {footer}
    </div>
  );
}
