// A page's title, a line under it, and its controls on the right (wrapping below on a phone).
import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="mb-6 space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h1>
          {description && <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      {children}
    </header>
  );
}
