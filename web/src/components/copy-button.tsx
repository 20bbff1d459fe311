// A button that copies text and says so; and a read-only field with one (for keys and links).
import { useEffect, useState } from "react";
import { copyText } from "../lib/clipboard.ts";
import { CheckIcon, CopyIcon } from "./icons.tsx";

export function CopyButton({ text, label = "Copy", className = "" }: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      onClick={async () => setCopied(await copyText(text))}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-tremor-small border border-tremor-border bg-tremor-background px-2.5 py-1.5 text-tremor-default font-medium text-tremor-content-emphasis shadow-tremor-input hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted ${className}`}
    >
      {copied ? <CheckIcon className="text-emerald-500" /> : <CopyIcon />}
      <span aria-live="polite">{copied === true ? "Copied" : copied === false ? "Select and copy" : label}</span>
    </button>
  );
}

/** A value to copy: monospace, selectable, with its own copy button. */
export function CopyField({ value, label, className = "" }: { value: string; label: string; className?: string }) {
  return (
    <div className={`flex items-stretch gap-2 ${className}`}>
      <input
        readOnly
        aria-label={label}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className="min-w-0 flex-1 rounded-tremor-small border border-tremor-border bg-tremor-background-muted px-3 py-1.5 font-mono text-tremor-default text-tremor-content-strong dark:border-dark-tremor-border dark:bg-dark-tremor-background-muted dark:text-dark-tremor-content-strong"
      />
      <CopyButton text={value} label="Copy" />
    </div>
  );
}

/** A block of code (a shell snippet) with a copy button above it. Long lines wrap; the copy keeps them whole. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="overflow-hidden rounded-tremor-default bg-gray-950">
      <div className="flex items-center justify-between gap-2 border-b border-white/10 px-4 py-1.5">
        <span className="truncate text-xs text-gray-400">{label}</span>
        <CopyButton
          text={code}
          className="border-white/15 bg-gray-900 px-2 py-0.5 text-xs text-gray-100 shadow-none hover:bg-gray-800 dark:border-white/15 dark:bg-gray-900 dark:text-gray-100 dark:hover:bg-gray-800"
        />
      </div>
      <pre aria-label={label} className="whitespace-pre-wrap p-4 font-mono text-[13px] leading-6 text-gray-100 [overflow-wrap:anywhere]">
        <code>{code}</code>
      </pre>
    </div>
  );
}
