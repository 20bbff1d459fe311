// An applied suggestion's realized savings: its traffic before the apply against the traffic since (cost
// per run, success, rating), and the realized monthly saving beside the projected one.
import type { Suggestion } from "../../api/types.ts";
import { formatDate } from "../../lib/format.ts";
import { formatUsdCents, formatUsdExact } from "../../lib/usd-decimal.ts";
import { realizedBasis, realizedOutcome, realizedRows } from "./realized.ts";

const cell = "px-2 py-1.5 text-right tabular-nums";

export function RealizedView({ suggestion, timeZone }: { suggestion: Suggestion; timeZone: string }) {
  const { realized } = suggestion;
  const appliedOn = suggestion.statusChangedAt ? formatDate(suggestion.statusChangedAt, timeZone) : undefined;
  return (
    <section
      aria-label="Realized savings"
      className="rounded-tremor-default border border-emerald-200 bg-emerald-50/40 p-3 dark:border-emerald-900 dark:bg-emerald-950/30"
    >
      <h3 className="text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        Applied{appliedOn ? ` on ${appliedOn}` : ""}: what changed since
      </h3>
      {realized === null ? (
        <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">Not measured.</p>
      ) : (
        <RealizedFigures realized={realized} projected={suggestion.monthlySavingsUsd} />
      )}
    </section>
  );
}

function RealizedFigures({ realized, projected }: { realized: NonNullable<Suggestion["realized"]>; projected: string }) {
  const outcome = realizedOutcome(realized);
  const basis = realizedBasis(realized);
  return (
    <>
      <div className="mt-2 flex flex-wrap gap-x-8 gap-y-2 text-tremor-default">
        <div>
          <p className="text-xs text-tremor-content dark:text-dark-tremor-content">Realized a month</p>
          {outcome.state === "measured" ? (
            <p
              className="text-lg font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong"
              title={`${outcome.exact} a month, exactly`}
              data-testid="realized-savings"
            >
              {outcome.text}
            </p>
          ) : (
            <p className="font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis" data-testid="realized-savings">
              {outcome.text}
            </p>
          )}
        </div>
        <div>
          <p className="text-xs text-tremor-content dark:text-dark-tremor-content">Projected a month</p>
          <p
            className="text-lg tabular-nums text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis"
            title={`${formatUsdExact(projected)} a month, exactly`}
          >
            {formatUsdCents(projected)}
          </p>
        </div>
      </div>
      {outcome.state === "measured" && (
        <p className="mt-1 text-xs text-tremor-content dark:text-dark-tremor-content" data-testid="realized-basis">
          From {basis.text}, scaled to a month.
          {basis.early && " An early figure: a few runs move it a lot until a day or more of traffic is in."}
        </p>
      )}
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-tremor-default" aria-label="Before the apply and since">
          <thead>
            <tr className="border-b border-emerald-200 text-tremor-content dark:border-emerald-900 dark:text-dark-tremor-content">
              <th scope="col" className="px-2 py-1.5 text-left font-medium">
                Figure
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                Before
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                Since
              </th>
            </tr>
          </thead>
          <tbody>
            {realizedRows(realized).map((row) => (
              <tr key={row.label} className="border-b border-emerald-100 last:border-0 dark:border-emerald-950">
                <th scope="row" className="px-2 py-1.5 text-left font-normal text-tremor-content dark:text-dark-tremor-content">
                  {row.label}
                </th>
                <td className={`${cell} text-tremor-content-strong dark:text-dark-tremor-content-strong`}>
                  <span title={row.beforeExact}>{row.before}</span>
                </td>
                <td className={`${cell} text-tremor-content-strong dark:text-dark-tremor-content-strong`}>
                  <span title={row.sinceExact}>{row.since}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
