// First-start provisioning, idempotent on every start: the org, project, ingest key and admin user named
// by PROMPTMETRICS_INIT_*, or, on an empty install without them, a default org and project with a fresh
// ingest key whose secret is returned once for printing.
import { randomUUID } from "node:crypto";
import {
  countOrgs,
  getApiKeyBySecretHash,
  getMembership,
  getOrgByName,
  getProjectByName,
  getUserByEmail,
  insertApiKey,
  insertOrg,
  insertProject,
  insertUser,
  upsertMembership,
  type Org,
  type Project,
  type Store,
} from "@promptmetrics/clickhouse";
import { generateKey, hashPassword, hashSecret, keyPrefix } from "@promptmetrics/analytics-api/auth";

export interface BootstrapInput {
  org?: string | undefined;
  project?: string | undefined;
  ingestKey?: string | undefined;
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
}

export interface BootstrapResult {
  org?: Org;
  project?: Project;
  /** What was created on this start, for the start-up log. */
  created: string[];
  /** A generated ingest key, present only on the start that created it. */
  newIngestKey?: string;
}

export const DEFAULT_ORG_NAME = "Default";
export const DEFAULT_PROJECT_NAME = "Default project";

export async function bootstrap(store: Store, input: BootstrapInput): Promise<BootstrapResult> {
  const result: BootstrapResult = { created: [] };
  const wantsSetup = Boolean(input.org || input.project || input.ingestKey || input.adminEmail);
  if (!wantsSetup && (await countOrgs(store)) > 0) return result;

  const orgName = input.org ?? DEFAULT_ORG_NAME;
  let org = await getOrgByName(store, { name: orgName });
  if (!org) {
    org = await insertOrg(store, { id: `org_${randomUUID()}`, name: orgName });
    result.created.push(`org "${org.name}"`);
  }
  result.org = org;

  const projectName = input.project ?? DEFAULT_PROJECT_NAME;
  let project = await getProjectByName(store, { orgId: org.id, name: projectName });
  let projectIsNew = false;
  if (!project) {
    project = await insertProject(store, { id: `proj_${randomUUID()}`, orgId: org.id, name: projectName });
    projectIsNew = true;
    result.created.push(`project "${project.name}"`);
  }
  result.project = project;

  let ownerId = "";
  if (input.adminEmail && input.adminPassword) {
    let user = await getUserByEmail(store, { email: input.adminEmail });
    if (!user) {
      user = await insertUser(store, {
        id: `user_${randomUUID()}`,
        email: input.adminEmail,
        name: input.adminEmail.split("@")[0] ?? input.adminEmail,
        passwordHash: await hashPassword(input.adminPassword),
      });
      result.created.push(`admin user ${user.email}`);
    }
    if (!(await getMembership(store, { orgId: org.id, userId: user.id }))) {
      await upsertMembership(store, { orgId: org.id, userId: user.id, role: "owner" });
      result.created.push(`owner membership of ${user.email} in "${org.name}"`);
    }
    ownerId = user.id;
  }

  if (input.ingestKey) {
    const secretHash = hashSecret(input.ingestKey);
    const existing = await getApiKeyBySecretHash(store, { secretHash });
    if (!existing) {
      // A chosen key is shown, here and in the API's lists, only by a fingerprint (keyPrefix).
      const prefix = keyPrefix(input.ingestKey);
      await insertApiKey(store, {
        id: `key_${randomUUID()}`,
        kind: "ingest",
        orgId: org.id,
        projectId: project.id,
        userId: ownerId,
        name: "PROMPTMETRICS_INIT_INGEST_KEY",
        prefix,
        secretHash,
      });
      result.created.push(`ingest key ${prefix}… for "${project.name}"`);
    }
  } else if (projectIsNew) {
    const key = generateKey("ingest");
    await insertApiKey(store, {
      id: `key_${randomUUID()}`,
      kind: "ingest",
      orgId: org.id,
      projectId: project.id,
      userId: ownerId,
      name: "Created at first start",
      prefix: key.prefix,
      secretHash: key.secretHash,
    });
    result.created.push(`ingest key ${key.prefix}… for "${project.name}"`);
    result.newIngestKey = key.secret;
  }
  return result;
}
