// A run's input or output, readable: line breaks kept, JSON indented, "role: text" transcripts as
// messages, long texts folded behind "Show all", the raw text one click away, and a copy button.
import { Card } from "@tremor/react";
import { useId, useMemo, useState } from "react";
import { countLines, isLongText, shownText, viewOfText, type Message, type TextView } from "../lib/run-text.ts";
import { CopyButton } from "./copy-button.tsx";
import { Segmented } from "./segmented.tsx";

const ROLE_TONES: Readonly<Record<string, string>> = {
  system: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  developer: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  user: "bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  assistant: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  model: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
};
const OTHER_ROLE =
  "bg-tremor-background-subtle text-tremor-content-emphasis dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis";

export function RunTextView({ title, text, emptyHint }: { title: string; text: string; emptyHint: string }) {
  const view = useMemo(() => viewOfText(text), [text]);
  const [mode, setMode] = useState<"formatted" | "raw">("formatted");
  const long = isLongText(text);
  const [expanded, setExpanded] = useState(false);
  const bodyId = useId();
  const titleId = useId();
  const shown: TextView = mode === "raw" && view.kind !== "empty" ? { kind: "plain", text } : view;
  const formattable = view.kind === "json" || view.kind === "messages";
  const folded = long && !expanded;

  return (
    <Card className="p-0">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-tremor-border px-4 py-2.5 dark:border-dark-tremor-border">
        <h2 id={titleId} className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
          {title}
          {view.kind !== "empty" && (
            <span className="ml-2 text-xs font-normal text-tremor-content dark:text-dark-tremor-content">
              {countLines(text).toLocaleString("en-US")} {countLines(text) === 1 ? "line" : "lines"} · {text.length.toLocaleString("en-US")}{" "}
              chars
            </span>
          )}
        </h2>
        {view.kind !== "empty" && (
          <div className="flex items-center gap-2">
            {formattable && (
              <Segmented
                size="xs"
                label={`${title} view`}
                options={[
                  { value: "formatted", label: view.kind === "json" ? "JSON" : "Messages" },
                  { value: "raw", label: "Raw" },
                ]}
                value={mode}
                onChange={setMode}
              />
            )}
            <CopyButton text={text} label="Copy" className="!px-2 !py-1 text-xs" />
          </div>
        )}
      </div>
      <div id={bodyId} className={`relative px-4 py-3 ${folded ? "max-h-80 overflow-hidden" : ""}`}>
        <TextBody view={shown} emptyHint={emptyHint} />
        {folded && (
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-x-0 bottom-0 h-16 bg-gradient-to-t from-tremor-background to-transparent dark:from-dark-tremor-background"
          />
        )}
      </div>
      {long && (
        <div className="border-t border-tremor-border px-4 py-2 dark:border-dark-tremor-border">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={() => setExpanded((open) => !open)}
            className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
          >
            {expanded ? "Show less" : `Show all ${countLines(shownText(shown)).toLocaleString("en-US")} lines`}
          </button>
        </div>
      )}
    </Card>
  );
}

function TextBody({ view, emptyHint }: { view: TextView; emptyHint: string }) {
  switch (view.kind) {
    case "empty":
      return <p className="text-tremor-default italic text-tremor-content dark:text-dark-tremor-content">{emptyHint}</p>;
    case "json":
      return (
        <pre className="overflow-x-auto whitespace-pre font-mono text-[13px] leading-5 text-tremor-content-strong dark:text-dark-tremor-content-strong">
          {view.text}
        </pre>
      );
    case "messages":
      return (
        <ol className="space-y-3">
          {view.messages.map((message, index) => (
            <MessageItem key={index} message={message} />
          ))}
        </ol>
      );
    case "plain":
      return <Prose text={view.text} />;
  }
}

function MessageItem({ message }: { message: Message }) {
  return (
    <li>
      <span className={`inline-block rounded-tremor-small px-1.5 py-0.5 text-xs font-medium ${ROLE_TONES[message.role] ?? OTHER_ROLE}`}>
        {message.role}
      </span>
      <Prose text={message.text} className="mt-1" />
    </li>
  );
}

function Prose({ text, className = "" }: { text: string; className?: string }) {
  return (
    <p
      className={`whitespace-pre-wrap break-words text-tremor-default leading-6 text-tremor-content-strong [overflow-wrap:anywhere] dark:text-dark-tremor-content-strong ${className}`}
    >
      {text}
    </p>
  );
}
