// The dashboard's routes. Every page is its own lazily loaded chunk, so the first screen downloads only
// the shell and that page (charts load with the pages that draw them). Public: /login, /signup,
// /invite/:token. Signed in: /p/:projectId/<page>. "/" goes to the last used project.
import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useRouteError } from "react-router-dom";
import { getProjectStatus } from "./api/projects.ts";
import { AppShell } from "./components/app-shell.tsx";
import { EmptyState, ErrorState, LoadingState } from "./components/states.tsx";
import { SessionProvider, useSession } from "./lib/session.tsx";
import { lastProjectId } from "./lib/storage.ts";

const pages = {
  login: lazy(() => import("./pages/login-page.tsx")),
  signup: lazy(() => import("./pages/signup-page.tsx")),
  invite: lazy(() => import("./pages/invite-page.tsx")),
  overview: lazy(() => import("./pages/overview-page.tsx")),
  models: lazy(() => import("./pages/models-page.tsx")),
  prompts: lazy(() => import("./pages/prompts-page.tsx")),
  optimize: lazy(() => import("./pages/optimize-page.tsx")),
  routing: lazy(() => import("./pages/routing-page.tsx")),
  runs: lazy(() => import("./pages/runs-page.tsx")),
  run: lazy(() => import("./pages/run-page.tsx")),
  users: lazy(() => import("./pages/users-page.tsx")),
  settings: lazy(() => import("./pages/settings-page.tsx")),
  sql: lazy(() => import("./pages/sql-page.tsx")),
  onboarding: lazy(() => import("./pages/onboarding-page.tsx")),
  notFound: lazy(() => import("./pages/not-found-page.tsx")),
} satisfies Record<string, LazyExoticComponent<ComponentType>>;

function page(Page: LazyExoticComponent<ComponentType>): ReactNode {
  return <Page />;
}

/** The session for everything below, and a spinner while a page's chunk loads. */
function Root() {
  return (
    <SessionProvider>
      <Suspense fallback={<LoadingState variant="page" label="Loading…" />}>
        <Outlet />
      </Suspense>
    </SessionProvider>
  );
}

/** Signed-out callers go to /login, which brings them back here afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { status, error, refresh } = useSession();
  const location = useLocation();
  if (status === "loading") return <LoadingState variant="page" label="Checking your session…" />;
  if (error && status !== "signed-in")
    return <ErrorState error={error} onRetry={() => void refresh()} title="Cannot reach PromptMetrics" className="min-h-[60vh]" />;
  if (status === "signed-out") return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** A project the caller may see, inside the app shell; anything else is a "not found" in the shell. */
function ProjectLayout() {
  const { project, refresh } = useSession();
  const [refreshed, setRefreshed] = useState(false);
  useEffect(() => {
    // A project created a moment ago (or an org joined) is not in the session yet: look once more.
    if (!project && !refreshed) void refresh().finally(() => setRefreshed(true));
  }, [project, refreshed, refresh]);
  if (!project) {
    if (!refreshed) return <LoadingState variant="page" />;
    return (
      <AppShell>
        <EmptyState
          title="Project not found"
          description="It does not exist, or you are not a member of its org."
          action={
            <a className="text-tremor-brand hover:underline" href="/">
              Go to your projects
            </a>
          }
        />
      </AppShell>
    );
  }
  return <AppShell />;
}

/**
 * "/" and the landing after sign-in: the last used project (else the first), on its overview, or on
 * its onboarding while it has no runs yet.
 */
export function Landing() {
  const { status, projects, error, refresh } = useSession();
  const [target, setTarget] = useState<string | undefined>(undefined);
  const remembered = lastProjectId();
  const project = projects.find((candidate) => candidate.id === remembered) ?? projects[0];
  useEffect(() => {
    if (!project) return;
    const controller = new AbortController();
    getProjectStatus(project.id, controller.signal).then(
      (projectStatus) => setTarget(`/p/${project.id}/${projectStatus.runs === 0 ? "onboarding" : "overview"}`),
      () => {
        if (!controller.signal.aborted) setTarget(`/p/${project.id}/overview`);
      },
    );
    return () => controller.abort();
  }, [project]);
  if (status === "loading") return <LoadingState variant="page" />;
  if (status === "signed-out")
    return error ? <ErrorState error={error} onRetry={() => void refresh()} className="min-h-[60vh]" /> : <Navigate to="/login" replace />;
  if (!project) {
    return (
      <EmptyState
        className="min-h-[60vh]"
        title="You have no projects yet"
        description="Ask an admin of your org to invite you to a project, or sign up with another account to start your own."
      />
    );
  }
  return target ? <Navigate to={target} replace /> : <LoadingState variant="page" label="Opening your project…" />;
}

function RouteError() {
  const error = useRouteError();
  return (
    <ErrorState
      error={error instanceof Error ? error : new Error("This page failed to load. Reload to try again.")}
      onRetry={() => window.location.reload()}
      className="min-h-[60vh]"
    />
  );
}

const router = createBrowserRouter(
  [
    {
      element: <Root />,
      errorElement: <RouteError />,
      children: [
        { path: "/", element: <Landing /> },
        { path: "/login", element: page(pages.login) },
        { path: "/signup", element: page(pages.signup) },
        { path: "/invite/:token", element: page(pages.invite) },
        {
          path: "/p/:projectId",
          element: (
            <RequireSession>
              <ProjectLayout />
            </RequireSession>
          ),
          errorElement: <RouteError />,
          children: [
            { index: true, element: <Navigate to="overview" replace /> },
            { path: "overview", element: page(pages.overview) },
            { path: "models", element: page(pages.models) },
            { path: "prompts", element: page(pages.prompts) },
            { path: "optimize", element: page(pages.optimize) },
            { path: "routing", element: page(pages.routing) },
            { path: "runs", element: page(pages.runs) },
            { path: "runs/:runId", element: page(pages.run) },
            { path: "users", element: page(pages.users) },
            { path: "settings", element: page(pages.settings) },
            { path: "settings/:tab", element: page(pages.settings) },
            { path: "sql", element: page(pages.sql) },
            { path: "onboarding", element: page(pages.onboarding) },
            { path: "*", element: page(pages.notFound) },
          ],
        },
        { path: "*", element: page(pages.notFound) },
      ],
    },
  ],
  {
    future: {
      v7_relativeSplatPath: true,
      v7_fetcherPersist: true,
      v7_normalizeFormMethod: true,
      v7_partialHydration: true,
      v7_skipActionErrorRevalidation: true,
    },
  },
);

export function App() {
  return <RouterProvider router={router} future={{ v7_startTransition: true }} />;
}
