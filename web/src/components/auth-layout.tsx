// The frame of the public pages (sign-in, sign-up, invitations): a centred card under the logo.
import type { ReactNode } from "react";
import { LogoIcon } from "./icons.tsx";
import { ThemeToggle } from "./app-shell.tsx";
export { Field } from "./field.tsx";

export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:justify-center">
      <div className="absolute right-3 top-3">
        <ThemeToggle />
      </div>
      <div className="mb-6 flex items-center gap-2 text-xl font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">
        <LogoIcon className="text-tremor-brand" /> PromptMetrics
      </div>
      <main className="w-full max-w-sm rounded-tremor-default border border-tremor-border bg-tremor-background p-6 shadow-tremor-card dark:border-dark-tremor-border dark:bg-dark-tremor-background">
        <h1 className="text-lg font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h1>
        {subtitle && <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{subtitle}</p>}
        <div className="mt-5">{children}</div>
      </main>
      {footer && <div className="mt-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{footer}</div>}
    </div>
  );
}

/** Only same-site paths, so ?next= cannot send anyone elsewhere after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}
