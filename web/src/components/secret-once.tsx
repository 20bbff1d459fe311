// A secret the API shows once (an ingest key, an API token, an invitation link): copy it now.
// (Not a Tremor Callout: its body is a <p>, which cannot hold the field.)
import { CopyField } from "./copy-button.tsx";

export function SecretOnce({
  title,
  value,
  label,
  note,
  onDismiss,
}: {
  title: string;
  value: string;
  label: string;
  note?: string;
  onDismiss?: () => void;
}) {
  return (
    <div role="status" className="mt-3 rounded-tremor-default border-l-4 border-amber-500 bg-amber-50 p-4 dark:bg-amber-950/40">
      <div className="flex items-start justify-between gap-2">
        <p className="font-semibold text-amber-900 dark:text-amber-200">{title}</p>
        {onDismiss && (
          <button
            type="button"
            onClick={onDismiss}
            className="text-tremor-default text-amber-900 underline-offset-2 hover:underline dark:text-amber-200"
          >
            Done
          </button>
        )}
      </div>
      <p className="mb-2 mt-1 text-tremor-default text-amber-900 dark:text-amber-200">
        {note ?? "Copy it now: it is shown only this once and stored only as a hash."}
      </p>
      <CopyField value={value} label={label} />
    </div>
  );
}
