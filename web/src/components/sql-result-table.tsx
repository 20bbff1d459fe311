// The SQL console's answer as a table: each column's name and ClickHouse type, numbers on the right,
// NULL set apart from an empty string. Rows render a thousand at a time so a 10,000-row answer does
// not stall the page.
import { useState } from "react";
import type { SqlResult } from "../api/types.ts";
import { formatCell, isNumericType } from "../lib/sql-result.ts";

const STEP = 1000;

export function SqlResultTable({ result }: { result: SqlResult }) {
  const [shown, setShown] = useState(STEP);
  if (result.columns.length === 0)
    return (
      <p className="px-4 py-6 text-tremor-default text-tremor-content dark:text-dark-tremor-content">The query returned no columns.</p>
    );
  const numeric = result.columns.map((column) => isNumericType(column.type));
  const rows = result.rows.slice(0, shown);
  return (
    <div>
      <div className="max-h-[32rem] overflow-auto" tabIndex={0} role="region" aria-label="Query results">
        <table className="min-w-full text-tremor-default">
          <caption className="sr-only">Query results: {result.rowCount} rows</caption>
          <thead className="sticky top-0 z-10 bg-tremor-background-muted dark:bg-dark-tremor-background-muted">
            <tr>
              <th
                scope="col"
                className="px-3 py-2 text-right text-xs font-normal text-tremor-content-subtle dark:text-dark-tremor-content-subtle"
              >
                #
              </th>
              {result.columns.map((column, index) => (
                <th
                  key={`${column.name}-${index}`}
                  scope="col"
                  className={`whitespace-nowrap px-3 py-2 align-bottom ${numeric[index] ? "text-right" : "text-left"}`}
                >
                  <span className="block font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{column.name}</span>
                  <span className="block font-mono text-[11px] font-normal text-tremor-content dark:text-dark-tremor-content">
                    {column.type}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-tremor-border dark:divide-dark-tremor-border">
            {rows.length === 0 && (
              <tr>
                <td colSpan={result.columns.length + 1} className="px-3 py-6 text-center text-tremor-content dark:text-dark-tremor-content">
                  No rows.
                </td>
              </tr>
            )}
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex} className="hover:bg-tremor-background-muted dark:hover:bg-dark-tremor-background-muted">
                <td className="px-3 py-1.5 text-right text-xs tabular-nums text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
                  {rowIndex + 1}
                </td>
                {result.columns.map((column, index) => {
                  const value = row[index];
                  const text = formatCell(value);
                  return (
                    <td
                      key={`${column.name}-${index}`}
                      className={`max-w-[28rem] truncate px-3 py-1.5 font-mono text-[13px] ${numeric[index] ? "text-right tabular-nums" : ""} ${
                        value === null || value === undefined
                          ? "italic text-tremor-content-subtle dark:text-dark-tremor-content-subtle"
                          : "text-tremor-content-strong dark:text-dark-tremor-content-strong"
                      }`}
                      title={text.length > 40 ? text : undefined}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.rows.length > shown && (
        <div className="flex flex-wrap items-center gap-3 border-t border-tremor-border px-4 py-2 text-tremor-default dark:border-dark-tremor-border">
          <span className="text-tremor-content dark:text-dark-tremor-content">
            Showing {shown.toLocaleString("en-US")} of {result.rows.length.toLocaleString("en-US")} rows; the CSV has them all.
          </span>
          <button
            type="button"
            className="font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
            onClick={() => setShown((count) => count + STEP)}
          >
            Show {Math.min(STEP, result.rows.length - shown).toLocaleString("en-US")} more
          </button>
        </div>
      )}
    </div>
  );
}
