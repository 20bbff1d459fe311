// A chart with an accessible name and a text version: the drawing is an image labelled with a
// summary, and the numbers are in a table only screen readers see. Charts themselves (AreaChart,
// BarChart... from @tremor/react) are imported by the pages that draw them, so recharts loads only there.
import { Card } from "@tremor/react";
import { useId, type ReactNode } from "react";

export interface ChartFrameProps {
  title: string;
  /** One or two sentences saying what the chart shows (lib/chart-summary.ts builds them). */
  summary: string;
  /** The chart's numbers for screen readers: header and rows of text. */
  table?: { columns: readonly string[]; rows: readonly (readonly string[])[] };
  /** Controls in the card's header (a metric switch, an export link). */
  actions?: ReactNode;
  /** Text under the title. */
  subtitle?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Wrap in a Card. @default true */
  card?: boolean;
}

export function ChartFrame({ title, summary, table, actions, subtitle, children, className = "", card = true }: ChartFrameProps) {
  const titleId = useId();
  const body = (
    <figure aria-labelledby={titleId} className="m-0">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={titleId} className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {title}
          </h3>
          {subtitle && <div className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{subtitle}</div>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div role="img" aria-label={`${title}. ${summary}`} className="mt-4">
        {children}
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
      {table && table.rows.length > 0 && (
        // The wrapper hides it: a <table> ignores the 1px height of sr-only and would lengthen the page.
        <div className="sr-only">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, cellIndex) =>
                    cellIndex === 0 ? (
                      <th key={cellIndex} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={cellIndex}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
  return card ? <Card className={className}>{body}</Card> : <div className={className}>{body}</div>;
}
