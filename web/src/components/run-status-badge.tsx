// A run's status as a small coloured label: OK or Error.
export function RunStatusBadge({ status }: { status: "ok" | "error" }) {
  return status === "error" ? (
    <span className="inline-flex items-center rounded-tremor-small bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-700 dark:bg-red-950 dark:text-red-300">
      Error
    </span>
  ) : (
    <span className="inline-flex items-center rounded-tremor-small bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300">
      OK
    </span>
  );
}
