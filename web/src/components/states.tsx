// What every view shows while it waits, when it has nothing, and when something failed.
import { Button } from "@tremor/react";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import { ApiError } from "../api/http.ts";
import { AlertIcon, InboxIcon } from "./icons.tsx";

/** Skeleton blocks with a status message for screen readers. `variant="inline"` for a small spot. */
export function LoadingState({
  label = "Loading…",
  rows = 3,
  variant = "block",
  className = "",
}: {
  label?: string;
  rows?: number;
  variant?: "block" | "inline" | "page";
  className?: string;
}) {
  if (variant === "inline") {
    return (
      <span
        role="status"
        className={`inline-flex items-center gap-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content ${className}`}
      >
        <span className="h-3 w-3 animate-spin rounded-full border-2 border-tremor-brand border-t-transparent" aria-hidden="true" />
        {label}
      </span>
    );
  }
  return (
    <div
      role="status"
      aria-live="polite"
      className={`${variant === "page" ? "flex min-h-[50vh] items-center justify-center" : "space-y-3 py-2"} ${className}`}
    >
      <span className="sr-only">{label}</span>
      {variant === "page" ? (
        <span className="h-6 w-6 animate-spin rounded-full border-2 border-tremor-brand border-t-transparent" aria-hidden="true" />
      ) : (
        Array.from({ length: rows }, (_, index) => (
          <div
            key={index}
            aria-hidden="true"
            className="h-4 animate-pulse rounded bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle"
            style={{ width: `${90 - ((index * 17) % 40)}%` }}
          />
        ))
      )}
    </div>
  );
}

export function EmptyState({
  title,
  description,
  action,
  icon,
  className = "",
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div className={`flex flex-col items-center justify-center gap-2 px-4 py-10 text-center ${className}`}>
      <span className="text-3xl text-tremor-content-subtle dark:text-dark-tremor-content-subtle">{icon ?? <InboxIcon />}</span>
      <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</p>
      {description && <div className="max-w-md text-tremor-default text-tremor-content dark:text-dark-tremor-content">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

/** The API's message (ApiError), a retry button, and a sign-in link when the session ended. */
export function ErrorState({
  error,
  onRetry,
  title = "Something went wrong",
  className = "",
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  className?: string;
}) {
  const location = useLocation();
  const message = error instanceof Error ? error.message : String(error);
  const signedOut = error instanceof ApiError && error.status === 401;
  return (
    <div role="alert" className={`flex flex-col items-center justify-center gap-2 px-4 py-8 text-center ${className}`}>
      <span className="text-3xl text-red-500">
        <AlertIcon />
      </span>
      <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {signedOut ? "Your session has ended" : title}
      </p>
      <p className="max-w-md text-tremor-default text-tremor-content dark:text-dark-tremor-content">{message}</p>
      <div className="mt-2 flex gap-2">
        {signedOut ? (
          <Link
            className="text-tremor-default font-medium text-tremor-brand hover:underline"
            to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}
          >
            Sign in again
          </Link>
        ) : (
          onRetry && (
            <Button size="xs" variant="secondary" onClick={onRetry}>
              Try again
            </Button>
          )
        )}
      </div>
    </div>
  );
}

/**
 * The usual trio around data from useApi: loading (first load only), error with retry, empty, or the
 * content. `isEmpty` decides when data counts as empty.
 */
export function AsyncContent<T>({
  state,
  isEmpty,
  empty,
  loading,
  children,
}: {
  state: { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <>{loading ?? <LoadingState />}</>;
  if (isEmpty?.(state.data)) return <>{empty ?? <EmptyState title="Nothing here yet" />}</>;
  return <>{children(state.data)}</>;
}
