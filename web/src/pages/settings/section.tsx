// A settings section: a card with a title, a line of explanation and its content.
import { Card } from "@tremor/react";
import type { ReactNode } from "react";

export function Section({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card className="mb-6">
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h2>
          {description && <div className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{description}</div>}
        </div>
        {actions}
      </div>
      {children}
    </Card>
  );
}

/** The API's reason a write failed, announced. */
export function FormError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="mt-2 text-tremor-default text-red-600 dark:text-red-400">
      {error}
    </p>
  );
}

export function RoleNote({ children }: { children: ReactNode }) {
  return <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{children}</p>;
}

/** A native select styled as Tremor's inputs, for the settings forms. */
export const SELECT_CLASS =
  "w-full rounded-tremor-default border-tremor-border bg-tremor-background py-2 pl-3 pr-8 text-tremor-default text-tremor-content-strong shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong";
