// Create an account. On a fresh install the first account becomes owner of the default org (the API
// decides); later accounts get an org and project of their own. Afterwards: onboarding.
import { Button, Callout, TextInput } from "@tremor/react";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { signUp } from "../api/accounts.ts";
import { AuthLayout, Field, safeNext } from "../components/auth-layout.tsx";
import { LoadingState } from "../components/states.tsx";
import { useSession } from "../lib/session.tsx";

export const MIN_PASSWORD = 10;

export default function SignupPage() {
  const { status, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  if (status === "loading") return <LoadingState variant="page" />;
  if (status === "signed-in" && !busy) return <Navigate to={next} replace />;
  const tooShort = password.length > 0 && password.length < MIN_PASSWORD;

  return (
    <AuthLayout
      title="Create your account"
      subtitle="See what every prompt, model and user costs."
      footer={
        <>
          Have an account?{" "}
          <Link to={`/login${params.toString() ? `?${params.toString()}` : ""}`} className="font-medium text-tremor-brand hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          if (password.length < MIN_PASSWORD) return;
          setBusy(true);
          setError(undefined);
          try {
            signedIn(await signUp({ email, password, ...(name.trim() ? { name: name.trim() } : {}) }));
            navigate(next, { replace: true });
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
            setBusy(false);
          }
        }}
      >
        {error && (
          <Callout title="Could not create the account" color="red" role="alert">
            {error}
          </Callout>
        )}
        <Field id="signup-name" label="Name" hint="Optional; shown to your team.">
          <TextInput id="signup-name" autoComplete="name" value={name} onValueChange={setName} placeholder="Ada Lovelace" />
        </Field>
        <Field id="signup-email" label="Email">
          <TextInput
            id="signup-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onValueChange={setEmail}
            placeholder="you@example.com"
          />
        </Field>
        <Field id="signup-password" label="Password" hint={`At least ${MIN_PASSWORD} characters.`}>
          <TextInput
            id="signup-password"
            placeholder=""
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onValueChange={setPassword}
            error={tooShort}
            errorMessage={tooShort ? `${MIN_PASSWORD - password.length} more characters` : undefined}
          />
        </Field>
        <Button type="submit" className="w-full" loading={busy} disabled={busy || password.length < MIN_PASSWORD}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
