// The signed-in frame around every project page: sidebar navigation, project switcher, time zone,
// theme toggle and user menu. Below the md breakpoint the sidebar becomes a drawer behind a menu button.
import { Dialog, DialogPanel, Menu, MenuButton, MenuItem, MenuItems } from "@headlessui/react";
import { Suspense, useEffect, useState, type ComponentType, type ReactNode, type SVGProps } from "react";
import { NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { ANALYTICS_FILTERS } from "../api/endpoints.ts";
import type { Project } from "../api/types.ts";
import { CAN } from "../lib/roles.ts";
import { useSession } from "../lib/session.tsx";
import { useTheme } from "../lib/theme.ts";
import { browserTimeZone, isTimeZone } from "../lib/time-zone.ts";
import {
  ClockIcon,
  CloseIcon,
  LogoIcon,
  MenuIcon,
  ModelsIcon,
  MoonIcon,
  OptimizeIcon,
  OverviewIcon,
  PromptsIcon,
  RocketIcon,
  RoutingIcon,
  RunsIcon,
  SettingsIcon,
  SqlIcon,
  SunIcon,
  UsersIcon,
} from "./icons.tsx";
import { LoadingState } from "./states.tsx";

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Analytics pages share the range, zone and filters of the URL. */
  analytics?: boolean;
  adminOnly?: boolean;
}

const NAV: readonly NavItem[] = [
  { to: "overview", label: "Overview", icon: OverviewIcon, analytics: true },
  { to: "models", label: "Models", icon: ModelsIcon, analytics: true },
  { to: "prompts", label: "Prompts", icon: PromptsIcon, analytics: true },
  { to: "optimize", label: "Optimize", icon: OptimizeIcon },
  { to: "routing", label: "Routing", icon: RoutingIcon },
  { to: "runs", label: "Runs", icon: RunsIcon, analytics: true },
  { to: "users", label: "Users", icon: UsersIcon, analytics: true },
  { to: "sql", label: "SQL console", icon: SqlIcon, adminOnly: true },
  { to: "settings", label: "Settings", icon: SettingsIcon },
];
const CARRIED = ["from", "to", "tz", "granularity", ...ANALYTICS_FILTERS];

/** The range, zone and filters of the current URL, to carry from one analytics page to the next. */
function carriedSearch(params: URLSearchParams): string {
  const carried = new URLSearchParams();
  for (const name of CARRIED) for (const value of params.getAll(name)) carried.append(name, value);
  const text = carried.toString();
  return text === "" ? "" : `?${text}`;
}

export function AppShell({ children }: { children?: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-tremor-background focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-tremor-border bg-tremor-background dark:border-dark-tremor-border dark:bg-dark-tremor-background md:block">
        <div className="sticky top-0 flex h-screen flex-col">
          <Sidebar />
        </div>
      </aside>
      <Dialog open={drawerOpen} onClose={setDrawerOpen} className="relative z-50 md:hidden">
        <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
        <DialogPanel className="fixed inset-y-0 left-0 flex w-72 max-w-[85vw] flex-col bg-tremor-background shadow-xl dark:bg-dark-tremor-background">
          <button
            type="button"
            onClick={() => setDrawerOpen(false)}
            aria-label="Close menu"
            className="absolute right-2 top-3 rounded p-2 text-tremor-content hover:bg-tremor-background-muted dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-muted"
          >
            <CloseIcon />
          </button>
          <Sidebar />
        </DialogPanel>
      </Dialog>
      <div className="min-w-0 flex-1">
        <TopBar onMenu={() => setDrawerOpen(true)} />
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none md:px-8">
          <Suspense fallback={<LoadingState variant="page" label="Loading page…" />}>{children ?? <Outlet />}</Suspense>
        </main>
      </div>
    </div>
  );
}

function Sidebar() {
  const { project, projects, role } = useSession();
  const [params] = useSearchParams();
  const carried = carriedSearch(params);
  if (!project) return null;
  const base = `/p/${project.id}`;
  return (
    <nav aria-label="Main" className="flex h-full flex-col gap-4 overflow-y-auto p-3">
      <NavLink
        to="/"
        className="flex items-center gap-2 px-2 pt-1 text-lg font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong"
      >
        <LogoIcon className="text-tremor-brand" /> PromptMetrics
      </NavLink>
      <ProjectSwitcher current={project} projects={projects} />
      <ul className="space-y-0.5">
        {NAV.filter((item) => !item.adminOnly || CAN.administer(role)).map((item) => (
          <li key={item.to}>
            <NavLink
              to={`${base}/${item.to}${item.analytics ? carried : ""}`}
              className={({ isActive }) =>
                `flex items-center gap-2.5 rounded-tremor-small px-2.5 py-2 text-tremor-default font-medium ${
                  isActive
                    ? "bg-tremor-brand-faint text-tremor-brand-emphasis dark:bg-dark-tremor-brand-faint dark:text-dark-tremor-brand-emphasis"
                    : "text-tremor-content-emphasis hover:bg-tremor-background-muted dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
                }`
              }
            >
              <item.icon className="text-base" /> {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
      <div className="mt-auto">
        <NavLink
          to={`${base}/onboarding`}
          className={({ isActive }) =>
            `flex items-center gap-2.5 rounded-tremor-small px-2.5 py-2 text-tremor-default font-medium ${
              isActive
                ? "bg-tremor-brand-faint text-tremor-brand-emphasis dark:bg-dark-tremor-brand-faint dark:text-dark-tremor-brand-emphasis"
                : "text-tremor-content hover:bg-tremor-background-muted dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-muted"
            }`
          }
        >
          <RocketIcon className="text-base" /> Get started
        </NavLink>
      </div>
    </nav>
  );
}

function ProjectSwitcher({ current, projects }: { current: Project; projects: readonly Project[] }) {
  const { orgs } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const section = location.pathname.split("/")[3] ?? "overview";
  const groups = orgs
    .map((org) => ({ org, projects: projects.filter((project) => project.orgId === org.id) }))
    .filter((group) => group.projects.length > 0);
  return (
    <div className="px-1">
      <label
        htmlFor="project-switcher"
        className="mb-1 block px-1 text-xs font-medium uppercase tracking-wide text-tremor-content-subtle dark:text-dark-tremor-content-subtle"
      >
        Project
      </label>
      <select
        id="project-switcher"
        value={current.id}
        onChange={(event) => navigate(`/p/${event.target.value}/${section === "runs" ? "runs" : section}`)}
        className="w-full rounded-tremor-small border-tremor-border bg-tremor-background py-1.5 pl-2 pr-8 text-tremor-default text-tremor-content-strong shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong"
      >
        {groups.length > 1
          ? groups.map((group) => (
              <optgroup key={group.org.id} label={group.org.name}>
                {group.projects.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </optgroup>
            ))
          : projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
      </select>
    </div>
  );
}

function TopBar({ onMenu }: { onMenu: () => void }) {
  const { project } = useSession();
  return (
    <div className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-tremor-border bg-tremor-background/90 px-3 backdrop-blur dark:border-dark-tremor-border dark:bg-dark-tremor-background/90 md:px-8">
      <button
        type="button"
        onClick={onMenu}
        aria-label="Open menu"
        className="rounded p-2 text-xl text-tremor-content-emphasis hover:bg-tremor-background-muted dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted md:hidden"
      >
        <MenuIcon />
      </button>
      <span className="truncate font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong md:hidden">
        {project?.name}
      </span>
      <div className="ml-auto flex items-center gap-1 sm:gap-2">
        <TimeZoneBadge />
        <ThemeToggle />
        <UserMenu />
      </div>
    </div>
  );
}

/** The zone times are shown in: the URL's ?tz, else the browser's. The date bar switches it. */
export function TimeZoneBadge() {
  const [params] = useSearchParams();
  const fromUrl = params.get("tz");
  const zone = fromUrl && isTimeZone(fromUrl) ? fromUrl : browserTimeZone();
  return (
    <span
      title={`Times are shown in ${zone}${fromUrl ? "" : " (your browser's zone)"}; change it in the date bar of the analytics pages`}
      className="hidden items-center gap-1 rounded-tremor-full bg-tremor-background-subtle px-2 py-0.5 text-xs text-tremor-content-emphasis dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis sm:inline-flex"
    >
      <ClockIcon aria-hidden="true" />
      <span className="sr-only">Time zone: </span>
      {zone}
    </span>
  );
}

export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      className="rounded p-2 text-lg text-tremor-content-emphasis hover:bg-tremor-background-muted dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
    >
      {theme === "dark" ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}

function UserMenu() {
  const { user, logout, project } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  const initials = (user.name || user.email).slice(0, 2).toUpperCase();
  const item =
    "block w-full px-3 py-2 text-left text-tremor-default text-tremor-content-emphasis data-[focus]:bg-tremor-background-muted dark:text-dark-tremor-content-emphasis dark:data-[focus]:bg-dark-tremor-background-muted";
  return (
    <Menu as="div" className="relative">
      <MenuButton
        aria-label={`Account: ${user.email}`}
        className="flex h-8 w-8 items-center justify-center rounded-full bg-tremor-brand text-xs font-semibold text-white"
      >
        {initials}
      </MenuButton>
      <MenuItems
        anchor="bottom end"
        className="z-50 mt-1 w-60 rounded-tremor-default border border-tremor-border bg-tremor-background py-1 shadow-tremor-dropdown focus:outline-none dark:border-dark-tremor-border dark:bg-dark-tremor-background"
      >
        <div className="border-b border-tremor-border px-3 py-2 dark:border-dark-tremor-border">
          <p className="truncate text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {user.name}
          </p>
          <p className="truncate text-xs text-tremor-content dark:text-dark-tremor-content">{user.email}</p>
        </div>
        {project && (
          <MenuItem>
            <button type="button" className={item} onClick={() => navigate(`/p/${project.id}/settings`)}>
              Settings
            </button>
          </MenuItem>
        )}
        <MenuItem>
          <a className={item} href="/api/docs" target="_blank" rel="noreferrer">
            API reference
          </a>
        </MenuItem>
        <MenuItem>
          <button
            type="button"
            className={item}
            onClick={async () => {
              await logout().catch(() => undefined);
              navigate("/login", { replace: true });
            }}
          >
            Sign out
          </button>
        </MenuItem>
      </MenuItems>
    </Menu>
  );
}
