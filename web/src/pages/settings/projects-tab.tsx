// The org's projects: each has its own runs, keys and prices. Owners and admins create projects.
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { createProject } from "../../api/projects.ts";
import type { Project } from "../../api/types.ts";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { formatDate } from "../../lib/format.ts";
import { hasRole } from "../../lib/roles.ts";
import { useProject, useSession } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { FormError, RoleNote, Section } from "./section.tsx";

export function ProjectsTab() {
  const { project: current, org, role } = useProject();
  const { projects, refresh } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const create = useAction(async () => {
    const created = await createProject({ orgId: org!.id, name: name.trim() });
    await refresh();
    navigate(`/p/${created.id}/onboarding`);
  });
  const rows = projects.filter((project) => project.orgId === current.orgId);
  const columns: Column<Project>[] = [
    {
      key: "name",
      header: "Project",
      value: (row) => row.name,
      format: (_value, row) => (
        <span>
          {row.name}
          {row.id === current.id && <span className="ml-2 text-xs text-tremor-content dark:text-dark-tremor-content">(current)</span>}
        </span>
      ),
    },
    { key: "id", header: "Id", value: (row) => row.id, format: (value) => <code className="font-mono text-xs">{String(value)}</code> },
    { key: "created", header: "Created", value: (row) => row.createdAt, format: (value) => formatDate(value as string) },
  ];

  return (
    <>
      <Section
        title="Projects"
        description={`Projects of ${org?.name ?? "this org"}. Each has its own runs, ingest keys and prices; every member of the org sees all of them.`}
      >
        <DataTable
          label="Projects"
          columns={columns}
          rows={rows}
          rowKey={(row) => row.id}
          rowHref={(row) => `/p/${row.id}/overview`}
          initialSort={{ key: "name", direction: "asc" }}
        />
      </Section>
      <Section title="New project">
        {hasRole(role, "admin") ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) void create.run();
            }}
          >
            <div className="min-w-[14rem] flex-1">
              <Field id="project-name" label="Name">
                <TextInput
                  id="project-name"
                  required
                  maxLength={100}
                  value={name}
                  onValueChange={setName}
                  placeholder="Checkout assistant"
                />
              </Field>
            </div>
            <Button type="submit" loading={create.busy} disabled={name.trim() === ""}>
              Create project
            </Button>
          </form>
        ) : (
          <RoleNote>Only the org's owners and admins create projects.</RoleNote>
        )}
        <FormError error={create.error} />
        {hasRole(role, "admin") && (
          <p className="mt-3 text-xs text-tremor-content dark:text-dark-tremor-content">
            A new project starts empty: its{" "}
            <Link className="text-tremor-brand hover:underline" to={`/p/${current.id}/onboarding`}>
              onboarding
            </Link>{" "}
            gives it a key and the setup snippet.
          </p>
        )}
      </Section>
    </>
  );
}
