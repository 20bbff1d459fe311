// The org's members and their roles. Admins change roles and remove members; only owners grant the
// owner role or touch an owner; anyone may leave. The API keeps at least one owner.
import { useNavigate } from "react-router-dom";
import { changeMemberRole, listMembers, removeMember } from "../../api/accounts.ts";
import type { Member, Role } from "../../api/types.ts";
import { ConfirmButton } from "../../components/confirm-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatDate } from "../../lib/format.ts";
import { hasRole, ROLES } from "../../lib/roles.ts";
import { useProject, useSession } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { FormError, Section } from "./section.tsx";

export const ROLE_HELP: Readonly<Record<Role, string>> = {
  viewer: "reads everything, changes nothing",
  member: "also creates ingest keys, rates runs, loads data",
  admin: "also manages members, invitations, projects, prices and the SQL console",
  owner: "everything, including other owners",
};

/** Whether `me` (with role `mine`) may set `target`'s role to `to`, as the API decides it. */
export function mayChangeRole(mine: Role, target: Member, to: Role): boolean {
  if (!hasRole(mine, "admin")) return false;
  if ((target.role === "owner" || to === "owner") && mine !== "owner") return false;
  return true;
}

export function MembersTab() {
  const { org, role } = useProject();
  const { user, refresh } = useSession();
  const navigate = useNavigate();
  const members = useApi((signal) => listMembers(org!.id, signal), [org?.id]);
  const change = useAction(async (member: Member, to: Role) => {
    const updated = await changeMemberRole(org!.id, member.userId, to);
    members.setData((rows) => (rows ?? []).map((row) => (row.userId === updated.userId ? updated : row)));
  });

  const columns: Column<Member>[] = [
    {
      key: "name",
      header: "Member",
      value: (row) => row.name || row.email,
      format: (_value, row) => (
        <div className="min-w-0">
          <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {row.name}
            {row.userId === user?.id && (
              <span className="ml-2 text-xs font-normal text-tremor-content dark:text-dark-tremor-content">(you)</span>
            )}
          </p>
          <p className="text-xs text-tremor-content dark:text-dark-tremor-content">{row.email}</p>
        </div>
      ),
    },
    {
      key: "role",
      header: "Role",
      value: (row) => ROLES.indexOf(row.role),
      format: (_value, row) => {
        const choices = ROLES.filter((to) => to === row.role || mayChangeRole(role, row, to));
        if (choices.length <= 1) return <span className="capitalize">{row.role}</span>;
        return (
          <select
            aria-label={`Role of ${row.email}`}
            value={row.role}
            disabled={change.busy}
            onChange={(event) => void change.run(row, event.target.value as Role)}
            className="rounded-tremor-small border-tremor-border bg-tremor-background py-1 pl-2 pr-8 text-tremor-default capitalize text-tremor-content-strong dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong"
          >
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        );
      },
    },
    { key: "joined", header: "Joined", value: (row) => row.joinedAt, format: (value) => formatDate(value as string) },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) => {
        const self = row.userId === user?.id;
        const allowed = self || (hasRole(role, "admin") && (row.role !== "owner" || role === "owner"));
        if (!allowed) return null;
        return (
          <ConfirmButton
            label={self ? "Leave" : "Remove"}
            ariaLabel={self ? "Leave this org" : `Remove ${row.email}`}
            title={self ? `Leave ${org?.name}?` : `Remove ${row.email}?`}
            description={
              self
                ? "You lose access to its projects until someone invites you again."
                : "They lose access to this org's projects. Their ingest keys keep working until revoked."
            }
            onConfirm={async () => {
              await removeMember(org!.id, row.userId);
              if (self) {
                await refresh();
                navigate("/", { replace: true });
              } else {
                members.setData((rows) => (rows ?? []).filter((other) => other.userId !== row.userId));
              }
            }}
          />
        );
      },
    },
  ];

  return (
    <Section
      title="Members"
      description={
        <>
          Everyone in <strong>{org?.name}</strong> and their role.{" "}
          {hasRole(role, "admin") ? "Invite people in the Invitations tab." : "Only owners and admins change roles."}
        </>
      }
    >
      <FormError error={change.error} />
      <AsyncContent state={members}>
        {(rows) => (
          <DataTable
            label="Org members"
            columns={columns}
            rows={rows}
            rowKey={(row) => row.userId}
            initialSort={{ key: "role", direction: "desc" }}
          />
        )}
      </AsyncContent>
      <dl className="mt-4 grid gap-1 text-xs text-tremor-content dark:text-dark-tremor-content sm:grid-cols-2">
        {ROLES.map((name) => (
          <div key={name}>
            <dt className="inline font-medium capitalize">{name}</dt>: <dd className="inline">{ROLE_HELP[name]}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
