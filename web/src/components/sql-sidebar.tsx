// The SQL console's sidebar: the tables a query may name, with their columns (a click puts the name
// into the editor at the cursor), and example queries to start from.
import { SQL_TABLES } from "../api/sql-tables.ts";
import { SQL_EXAMPLES } from "../lib/sql-examples.ts";
import { ChevronDownIcon } from "./icons.tsx";

const heading = "mb-2 text-xs font-semibold uppercase tracking-wide text-tremor-content-subtle dark:text-dark-tremor-content-subtle";
const nameButton =
  "rounded px-1 text-left font-mono text-[13px] text-tremor-content-strong hover:bg-tremor-background-subtle hover:text-tremor-brand dark:text-dark-tremor-content-strong dark:hover:bg-dark-tremor-background-subtle dark:hover:text-dark-tremor-brand";

export function SqlSidebar({ onInsert, onExample }: { onInsert: (name: string) => void; onExample: (query: string) => void }) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="sql-tables-heading">
        <h2 id="sql-tables-heading" className={heading}>
          Tables
        </h2>
        <ul className="space-y-1">
          {SQL_TABLES.map((table) => (
            <li key={table.name}>
              <details className="group rounded-tremor-small">
                <summary className="flex cursor-pointer list-none items-center gap-1 rounded px-1 py-1 font-mono text-[13px] font-medium text-tremor-content-strong hover:bg-tremor-background-subtle dark:text-dark-tremor-content-strong dark:hover:bg-dark-tremor-background-subtle [&::-webkit-details-marker]:hidden">
                  <ChevronDownIcon className="shrink-0 -rotate-90 text-tremor-content transition-transform group-open:rotate-0 dark:text-dark-tremor-content" />
                  {table.name}
                </summary>
                <div className="mb-2 ml-5 mt-1 space-y-1">
                  <p className="text-xs text-tremor-content dark:text-dark-tremor-content">{table.description}</p>
                  <button
                    type="button"
                    className={`${nameButton} text-xs`}
                    onClick={() => onInsert(table.name)}
                    aria-label={`Insert the table name ${table.name}`}
                  >
                    + insert <span className="font-semibold">{table.name}</span>
                  </button>
                  <ul className="max-h-64 overflow-y-auto">
                    {table.columns.map(([name, type]) => (
                      <li key={name} className="flex items-baseline justify-between gap-2">
                        <button
                          type="button"
                          className={nameButton}
                          onClick={() => onInsert(name)}
                          aria-label={`Insert the column ${name} (${type})`}
                        >
                          {name}
                        </button>
                        <span className="truncate font-mono text-[11px] text-tremor-content dark:text-dark-tremor-content" title={type}>
                          {type}
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="sql-examples-heading">
        <h2 id="sql-examples-heading" className={heading}>
          Examples
        </h2>
        <ul className="space-y-1">
          {SQL_EXAMPLES.map((example) => (
            <li key={example.title}>
              <button
                type="button"
                onClick={() => onExample(example.query)}
                title={example.query}
                className="w-full rounded px-1 py-1 text-left text-tremor-default text-tremor-brand hover:bg-tremor-background-subtle hover:underline dark:text-dark-tremor-brand dark:hover:bg-dark-tremor-background-subtle"
              >
                {example.title}
              </button>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-tremor-content dark:text-dark-tremor-content">An example replaces the query in the editor.</p>
      </section>
    </div>
  );
}
