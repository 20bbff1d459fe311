// Inviting people to the org by link (owners and admins): the link is shown once; pending invitations
// can be withdrawn. Links expire after 7 days and work once.
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import { createInvitation, listInvitations, withdrawInvitation } from "../../api/accounts.ts";
import type { CreatedInvitation, Invitation, Role } from "../../api/types.ts";
import { ConfirmButton } from "../../components/confirm-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { SecretOnce } from "../../components/secret-once.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatDate, formatRelative } from "../../lib/format.ts";
import { hasRole, ROLES } from "../../lib/roles.ts";
import { useProject } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { ROLE_HELP } from "./members-tab.tsx";
import { FormError, RoleNote, SELECT_CLASS, Section } from "./section.tsx";

export function InvitationsTab() {
  const { org, role } = useProject();
  if (!hasRole(role, "admin")) {
    return (
      <Section title="Invitations">
        <RoleNote>Only the org's owners and admins invite people. Ask one of them to send you a link for a colleague.</RoleNote>
      </Section>
    );
  }
  return <Invitations orgId={org!.id} orgName={org!.name} mine={role} />;
}

function Invitations({ orgId, orgName, mine }: { orgId: string; orgName: string; mine: Role }) {
  const pending = useApi((signal) => listInvitations(orgId, signal), [orgId]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [created, setCreated] = useState<CreatedInvitation | undefined>(undefined);
  const invite = useAction(async () => {
    const invitation = await createInvitation(orgId, { email, role });
    setCreated(invitation);
    setEmail("");
    pending.reload();
  });
  const roles = ROLES.filter((candidate) => candidate !== "owner" || mine === "owner");

  const columns: Column<Invitation>[] = [
    { key: "email", header: "Email", value: (row) => row.email },
    {
      key: "role",
      header: "Role",
      value: (row) => ROLES.indexOf(row.role),
      format: (_value, row) => <span className="capitalize">{row.role}</span>,
    },
    { key: "created", header: "Sent", value: (row) => row.createdAt, format: (value) => formatRelative(value as string) },
    { key: "expires", header: "Expires", value: (row) => row.expiresAt, format: (value) => formatDate(value as string) },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) => (
        <ConfirmButton
          label="Withdraw"
          ariaLabel={`Withdraw the invitation to ${row.email}`}
          title={`Withdraw the invitation to ${row.email}?`}
          description="The link stops working at once."
          onConfirm={async () => {
            await withdrawInvitation(orgId, row.id);
            pending.setData((rows) => (rows ?? []).filter((other) => other.id !== row.id));
          }}
        />
      ),
    },
  ];

  return (
    <>
      <Section title="Invite someone" description={`They get a link to join ${orgName}. It works once and expires after 7 days.`}>
        <form
          className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            void invite.run();
          }}
        >
          <Field id="invite-email" label="Email">
            <TextInput id="invite-email" type="email" required value={email} onValueChange={setEmail} placeholder="colleague@example.com" />
          </Field>
          <Field id="invite-role" label="Role">
            <select
              id="invite-role"
              className={`${SELECT_CLASS} capitalize`}
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
            >
              {roles.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </select>
          </Field>
          <Button type="submit" loading={invite.busy} disabled={email === ""}>
            Create link
          </Button>
        </form>
        <p className="mt-2 text-xs text-tremor-content dark:text-dark-tremor-content">
          <span className="capitalize">{role}</span>: {ROLE_HELP[role]}.
        </p>
        <FormError error={invite.error} />
        {created && (
          <SecretOnce
            title={`Invitation link for ${created.email}`}
            value={created.url}
            label="Invitation link"
            note="Send this link to them: it is shown only now. Opening it lets them join with their own password."
            onDismiss={() => setCreated(undefined)}
          />
        )}
      </Section>
      <Section title="Pending invitations">
        <AsyncContent state={pending}>
          {(rows) => (
            <DataTable
              label="Pending invitations"
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              emptyTitle="No pending invitations"
              emptyDescription="Links that were accepted, withdrawn or expired are not listed."
            />
          )}
        </AsyncContent>
      </Section>
    </>
  );
}
