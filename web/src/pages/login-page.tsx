// Sign in. Afterwards: back to where the person was sent from (?next=), else their last project.
import { Button, Callout, TextInput } from "@tremor/react";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { logIn } from "../api/accounts.ts";
import { AuthLayout, Field, safeNext } from "../components/auth-layout.tsx";
import { LoadingState } from "../components/states.tsx";
import { useSession } from "../lib/session.tsx";

export default function LoginPage() {
  const { status, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  if (status === "loading") return <LoadingState variant="page" />;
  if (status === "signed-in" && !busy) return <Navigate to={next} replace />;

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back."
      footer={
        <>
          New here?{" "}
          <Link to={`/signup${params.toString() ? `?${params.toString()}` : ""}`} className="font-medium text-tremor-brand hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            signedIn(await logIn({ email, password }));
            navigate(next, { replace: true });
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
            setBusy(false);
          }
        }}
      >
        {error && (
          <Callout title="Could not sign in" color="red" role="alert">
            {error}
          </Callout>
        )}
        <Field id="login-email" label="Email">
          <TextInput
            id="login-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onValueChange={setEmail}
            placeholder="you@example.com"
          />
        </Field>
        <Field id="login-password" label="Password">
          <TextInput
            id="login-password"
            placeholder=""
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValueChange={setPassword}
          />
        </Field>
        <Button type="submit" className="w-full" loading={busy} disabled={busy}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
