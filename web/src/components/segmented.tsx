// A row of toggle buttons where one is on (range presets, granularity, tabs of a chart): each a
// button with aria-pressed, in a labelled group.

export interface SegmentedOption<Value extends string> {
  value: Value;
  label: string;
  disabled?: boolean;
  /** Tooltip, e.g. why an option is disabled. */
  title?: string;
}

export function Segmented<Value extends string>({
  label,
  options,
  value,
  onChange,
  size = "sm",
  className = "",
}: {
  /** The group's accessible name. */
  label: string;
  options: readonly SegmentedOption<Value>[];
  value: Value | undefined;
  onChange: (value: Value) => void;
  size?: "xs" | "sm";
  className?: string;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className={`inline-flex flex-wrap rounded-tremor-small border border-tremor-border bg-tremor-background p-0.5 shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background ${className}`}
    >
      {options.map((option) => {
        const on = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={on}
            disabled={option.disabled}
            title={option.title}
            onClick={() => onChange(option.value)}
            className={`rounded-[0.3rem] font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${size === "xs" ? "px-2 py-0.5 text-xs" : "px-2.5 py-1 text-tremor-default"} ${
              on
                ? "bg-tremor-brand-faint text-tremor-brand-emphasis dark:bg-dark-tremor-brand-muted dark:text-dark-tremor-brand-emphasis"
                : "text-tremor-content hover:text-tremor-content-strong dark:text-dark-tremor-content dark:hover:text-dark-tremor-content-strong"
            }`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
