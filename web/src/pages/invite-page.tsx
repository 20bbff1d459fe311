// /invite/:token: what the link invites to, then joining: signed in as the invited email, one click;
// signed out, choose a password to create the account (or sign in first when it exists).
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { acceptInvitation, previewInvitation } from "../api/accounts.ts";
import { ApiError } from "../api/http.ts";
import type { Me } from "../api/types.ts";
import { AuthLayout } from "../components/auth-layout.tsx";
import { Field } from "../components/field.tsx";
import { ErrorState, LoadingState } from "../components/states.tsx";
import { formatDate } from "../lib/format.ts";
import { useSession } from "../lib/session.tsx";
import { useAction } from "../lib/use-action.ts";
import { useApi } from "../lib/use-api.ts";
import { MIN_PASSWORD } from "./signup-page.tsx";

export default function InvitePage() {
  const { token = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const preview = useApi((signal) => previewInvitation(token, signal), [token, session.status]);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [conflict, setConflict] = useState(false);
  const here = `/invite/${encodeURIComponent(token)}`;

  const accept = useAction(async (body: { password?: string; name?: string }) => {
    try {
      const joined = await acceptInvitation(token, body);
      const me: Me = { user: joined.user, orgs: joined.orgs, projects: joined.projects };
      session.signedIn(me);
      const project = me.projects.find((candidate) => candidate.orgId === joined.orgId);
      navigate(project ? `/p/${project.id}/overview` : "/", { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setConflict(true);
      throw failure;
    }
  });

  if (preview.error) {
    return (
      <AuthLayout title="This invitation cannot be used">
        <ErrorState
          title="Invitation not found"
          error={
            preview.error instanceof ApiError && preview.error.status === 404
              ? new Error("The link is unknown, was already used, has expired, or was withdrawn. Ask for a new one.")
              : preview.error
          }
          onRetry={preview.reload}
        />
      </AuthLayout>
    );
  }
  if (!preview.data || session.status === "loading") return <LoadingState variant="page" label="Opening the invitation…" />;
  const invitation = preview.data;
  const signedInAs = session.user?.email;
  const subtitle = (
    <>
      You are invited to join{" "}
      <strong className="text-tremor-content-strong dark:text-dark-tremor-content-strong">{invitation.orgName}</strong> as{" "}
      <strong className="capitalize">{invitation.role}</strong>. The link is for {invitation.email} and works until{" "}
      {formatDate(invitation.expiresAt)}.
    </>
  );

  if (signedInAs) {
    const match = signedInAs === invitation.email;
    return (
      <AuthLayout title={`Join ${invitation.orgName}`} subtitle={subtitle}>
        {match ? (
          <Button className="w-full" loading={accept.busy} onClick={() => void accept.run({})}>
            Join {invitation.orgName}
          </Button>
        ) : (
          <div className="space-y-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            <p role="alert">
              You are signed in as <strong>{signedInAs}</strong>. Sign out, then open this link again to join as {invitation.email}.
            </p>
            <Button
              variant="secondary"
              className="w-full"
              onClick={async () => {
                await session.logout();
                preview.reload();
              }}
            >
              Sign out
            </Button>
          </div>
        )}
        {accept.error && (
          <p role="alert" className="mt-3 text-tremor-default text-red-600 dark:text-red-400">
            {accept.error}
          </p>
        )}
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={`Join ${invitation.orgName}`}
      subtitle={subtitle}
      footer={
        <>
          Already have an account for {invitation.email}?{" "}
          <Link className="font-medium text-tremor-brand hover:underline" to={`/login?next=${encodeURIComponent(here)}`}>
            Sign in first
          </Link>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (password.length >= MIN_PASSWORD) void accept.run({ password, ...(name.trim() ? { name: name.trim() } : {}) });
        }}
      >
        <Field id="invite-account-email" label="Email">
          <TextInput id="invite-account-email" value={invitation.email} disabled />
        </Field>
        <Field id="invite-account-name" label="Name" hint="Optional; shown to your team.">
          <TextInput id="invite-account-name" placeholder="" autoComplete="name" value={name} onValueChange={setName} />
        </Field>
        <Field id="invite-account-password" label="Choose a password" hint={`At least ${MIN_PASSWORD} characters.`}>
          <TextInput
            id="invite-account-password"
            placeholder=""
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onValueChange={setPassword}
          />
        </Field>
        {accept.error && (
          <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
            {accept.error}{" "}
            {conflict && (
              <Link className="font-medium underline" to={`/login?next=${encodeURIComponent(here)}`}>
                Sign in
              </Link>
            )}
          </p>
        )}
        <Button type="submit" className="w-full" loading={accept.busy} disabled={password.length < MIN_PASSWORD}>
          Create account and join
        </Button>
      </form>
    </AuthLayout>
  );
}
