// Settings of the current project and its org, one tab per topic, each tab its own URL
// (/p/:id/settings/<tab>). What the caller's role may not do is hidden or disabled; the API enforces it.
import { NavLink, Navigate, useParams } from "react-router-dom";
import { PageHeader } from "../components/page-header.tsx";
import { useProject } from "../lib/session.tsx";
import { IntegrationsTab } from "./settings/integrations-tab.tsx";
import { InvitationsTab } from "./settings/invitations-tab.tsx";
import { KeysTab } from "./settings/keys-tab.tsx";
import { MembersTab } from "./settings/members-tab.tsx";
import { PricesTab } from "./settings/prices-tab.tsx";
import { ProjectsTab } from "./settings/projects-tab.tsx";
import { TokensTab } from "./settings/tokens-tab.tsx";

const TABS = [
  { id: "members", label: "Members", Component: MembersTab },
  { id: "invitations", label: "Invitations", Component: InvitationsTab },
  { id: "projects", label: "Projects", Component: ProjectsTab },
  { id: "keys", label: "Ingest keys", Component: KeysTab },
  { id: "prices", label: "Prices", Component: PricesTab },
  { id: "tokens", label: "API tokens", Component: TokensTab },
  { id: "integrations", label: "Integrations", Component: IntegrationsTab },
] as const;

export default function SettingsPage() {
  const { tab } = useParams();
  const { project, org } = useProject();
  const current = TABS.find((candidate) => candidate.id === tab);
  if (!current) return <Navigate to={`/p/${project.id}/settings/${TABS[0].id}`} replace />;
  const { Component } = current;
  return (
    <div>
      <PageHeader title="Settings" description={`${org?.name ?? "Your org"} · ${project.name}`} />
      <nav
        aria-label="Settings"
        className="-mx-4 mb-6 overflow-x-auto border-b border-tremor-border px-4 dark:border-dark-tremor-border md:mx-0 md:px-0"
      >
        <ul className="flex gap-1">
          {TABS.map((candidate) => (
            <li key={candidate.id}>
              <NavLink
                to={`/p/${project.id}/settings/${candidate.id}`}
                className={({ isActive }) =>
                  `-mb-px block whitespace-nowrap border-b-2 px-3 py-2 text-tremor-default font-medium ${
                    isActive
                      ? "border-tremor-brand text-tremor-brand-emphasis dark:border-dark-tremor-brand dark:text-dark-tremor-brand-emphasis"
                      : "border-transparent text-tremor-content hover:text-tremor-content-emphasis dark:text-dark-tremor-content dark:hover:text-dark-tremor-content-emphasis"
                  }`
                }
              >
                {candidate.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Component />
    </div>
  );
}
