// The signed-in user for the whole app: useSession() gives the user, their orgs and projects, the
// project of the current URL (/p/:projectId/...) with the caller's role in it, refresh and logout.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useMatch } from "react-router-dom";
import { getMe, logOut } from "../api/accounts.ts";
import { ApiError, dropEarlyAnswers } from "../api/http.ts";
import type { Me, Org, Project, Role, User } from "../api/types.ts";
import { rememberProject } from "./storage.ts";

export interface Session {
  status: "loading" | "signed-in" | "signed-out";
  /** Set when /api/auth/me failed for another reason than "not signed in" (server down). */
  error: Error | undefined;
  me: Me | undefined;
  user: User | undefined;
  orgs: Org[];
  projects: Project[];
  /** The project of the current URL, when the caller may see it. */
  project: Project | undefined;
  /** That project's org. */
  org: Org | undefined;
  /** The caller's role in that project. */
  role: Role | undefined;
  /** Reloads the user, orgs and projects (after creating a project, accepting an invitation...). */
  refresh: () => Promise<Me | undefined>;
  /** Takes the answer of sign-in, sign-up or accepting an invitation as the session. */
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [status, setStatus] = useState<Session["status"]>("loading");
  const [error, setError] = useState<Error | undefined>(undefined);
  const match = useMatch("/p/:projectId/*");
  const projectId = match?.params.projectId;

  const refresh = useCallback(async () => {
    try {
      const next = await getMe();
      setMe(next);
      setStatus("signed-in");
      setError(undefined);
      return next;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) {
        setMe(undefined);
        setStatus("signed-out");
        setError(undefined);
        return undefined;
      }
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setStatus((current) => (current === "loading" ? "signed-out" : current));
      return undefined;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((next: Me) => {
    dropEarlyAnswers();
    setMe(next);
    setStatus("signed-in");
    setError(undefined);
  }, []);

  const logout = useCallback(async () => {
    try {
      await logOut();
    } finally {
      dropEarlyAnswers();
      setMe(undefined);
      setStatus("signed-out");
    }
  }, []);

  const project = projectId ? me?.projects.find((candidate) => candidate.id === projectId) : undefined;
  useEffect(() => {
    if (project) rememberProject(project.id);
  }, [project]);

  const value = useMemo<Session>(
    () => ({
      status,
      error,
      me,
      user: me?.user,
      orgs: me?.orgs ?? [],
      projects: me?.projects ?? [],
      project,
      org: project ? me?.orgs.find((org) => org.id === project.orgId) : undefined,
      role: project?.role,
      refresh,
      signedIn,
      logout,
    }),
    [status, error, me, project, refresh, signedIn, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a <SessionProvider> above it");
  return session;
}

/** The current project, for pages under /p/:projectId (the layout guarantees it exists). */
export function useProject(): { project: Project; role: Role; org: Org | undefined } {
  const { project, org } = useSession();
  if (!project) throw new Error("useProject() is only for pages under /p/:projectId");
  return { project, role: project.role, org };
}
