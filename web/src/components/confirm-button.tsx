// A button that asks before doing something that cannot be undone (revoke, remove, withdraw). The
// dialog traps focus, closes on Escape, and shows the API's error if the action fails.
import { Button, Dialog, DialogPanel } from "@tremor/react";
import { useState, type ReactNode } from "react";

export interface ConfirmButtonProps {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a table, e.g. "Revoke key ci-runner". */
  ariaLabel?: string;
  title: string;
  description?: ReactNode;
  /** The confirming button's text. @default label */
  confirmLabel?: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
  size?: "xs" | "sm";
}

export function ConfirmButton({
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  onConfirm,
  disabled = false,
  size = "xs",
}: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <>
      <Button size={size} variant="secondary" color="red" disabled={disabled} onClick={() => setOpen(true)} aria-label={ariaLabel ?? label}>
        {label}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogPanel className="max-w-md">
          <h2 className="text-lg font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h2>
          {description && <div className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{description}</div>}
          {error && (
            <p role="alert" className="mt-3 text-tremor-default text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={async () => {
                setBusy(true);
                setError(undefined);
                try {
                  await onConfirm();
                  setOpen(false);
                } catch (failure) {
                  setError(failure instanceof Error ? failure.message : String(failure));
                } finally {
                  setBusy(false);
                }
              }}
            >
              {confirmLabel ?? label}
            </Button>
          </div>
        </DialogPanel>
      </Dialog>
    </>
  );
}
