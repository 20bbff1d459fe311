// Whether callers may pass their own provider key through the gateway (owners and admins change it):
// the SDK then sends its provider key as usual and the project key in x-promptmetrics-key; the provider
// key is forwarded for that call only, never stored or logged.
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { getGatewaySettings, updateGatewaySettings } from "../../api/gateway.ts";
import { AsyncContent } from "../../components/states.tsx";
import { hasRole } from "../../lib/roles.ts";
import { useProject } from "../../lib/session.tsx";
import { FormError, RoleNote, Section } from "./section.tsx";

export function PassthroughSection() {
  const { project, role } = useProject();
  const admin = hasRole(role, "admin");
  const settings = useApi((signal) => getGatewaySettings(project.id, signal), [project.id]);
  const save = useAction(async (allowKeyPassthrough: boolean) => {
    // Shown at once; put back if the API refuses.
    settings.setData((previous) => ({ ...previous!, allowKeyPassthrough }));
    try {
      settings.setData(await updateGatewaySettings(project.id, { allowKeyPassthrough }));
    } catch (error) {
      settings.setData((previous) => ({ ...previous!, allowKeyPassthrough: !allowKeyPassthrough }));
      throw error;
    }
  });
  return (
    <Section
      title="Callers' own provider keys"
      description="When allowed, an app may call through the gateway with its own OpenAI or Anthropic key (as the SDK's API key) and this project's key in the x-promptmetrics-key header. Its key is forwarded for that call only, never stored or logged; the call is recorded like any other."
    >
      <AsyncContent state={settings}>
        {(current) => (
          <label className="flex items-center gap-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            <input
              type="checkbox"
              checked={current.allowKeyPassthrough}
              disabled={!admin}
              onChange={(event) => void save.run(event.target.checked)}
            />
            Allow callers to pass their own provider key through
          </label>
        )}
      </AsyncContent>
      {!admin && <RoleNote>Only owners and admins change this.</RoleNote>}
      <FormError error={save.error} />
    </Section>
  );
}
