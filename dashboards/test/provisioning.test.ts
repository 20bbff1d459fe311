// The provisioning Grafana reads at start: one ClickHouse datasource with the uid every board uses,
// configured only through the container's environment, and a file provider loading the boards.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import YAML from "yaml";
import { DATASOURCE, loadBoards, PROVISIONING_DIR, queryPanels, variables } from "./support/boards.ts";

interface DatasourceFile {
  apiVersion: number;
  datasources: {
    name: string;
    uid: string;
    type: string;
    access: string;
    isDefault: boolean;
    jsonData: Record<string, unknown>;
    secureJsonData: Record<string, unknown>;
  }[];
}

interface DashboardProviderFile {
  apiVersion: number;
  providers: { name: string; folder: string; type: string; allowUiUpdates: boolean; options: { path: string } }[];
}

/** The environment the compose file must give the Grafana container. */
const ENVIRONMENT = ["CLICKHOUSE_DATABASE", "CLICKHOUSE_HOST", "GRAFANA_CLICKHOUSE_PASSWORD", "GRAFANA_CLICKHOUSE_USER"];

const datasourceText = fs.readFileSync(path.join(PROVISIONING_DIR, "datasources", "clickhouse.yaml"), "utf8");
const providerText = fs.readFileSync(path.join(PROVISIONING_DIR, "dashboards", "promptmetrics.yaml"), "utf8");

test("one ClickHouse datasource, the default, with the uid the boards query", () => {
  const file = YAML.parse(datasourceText) as DatasourceFile;
  assert.equal(file.apiVersion, 1);
  assert.equal(file.datasources.length, 1);
  const [datasource] = file.datasources;
  assert.equal(datasource!.type, DATASOURCE.type);
  assert.equal(datasource!.uid, DATASOURCE.uid);
  assert.equal(datasource!.access, "proxy");
  assert.equal(datasource!.isDefault, true);
});

test("the connection comes from the environment: host, HTTP on 8123, user and database; the password only in secureJsonData", () => {
  const [datasource] = (YAML.parse(datasourceText) as DatasourceFile).datasources;
  assert.deepEqual(
    {
      host: datasource!.jsonData["host"],
      port: datasource!.jsonData["port"],
      protocol: datasource!.jsonData["protocol"],
      username: datasource!.jsonData["username"],
      defaultDatabase: datasource!.jsonData["defaultDatabase"],
    },
    {
      host: "${CLICKHOUSE_HOST}",
      port: 8123,
      protocol: "http",
      username: "${GRAFANA_CLICKHOUSE_USER}",
      defaultDatabase: "${CLICKHOUSE_DATABASE}",
    },
  );
  assert.deepEqual(datasource!.secureJsonData, { password: "${GRAFANA_CLICKHOUSE_PASSWORD}" });
  assert.ok(!("password" in datasource!.jsonData), "a password in jsonData would be stored and shown in clear");
});

test("every $ in the datasource's values is one of the documented environment variables (Grafana expands $VAR and ${VAR} in values)", () => {
  const references = stringValues(YAML.parse(datasourceText)).flatMap((value) =>
    [...value.matchAll(/\$(\{?)(\w*)/g)].map((match) => (match[1] === "{" ? match[2] : `unbraced $${match[2]}`)),
  );
  assert.deepEqual([...new Set(references)].sort(), ENVIRONMENT);
});

test("the dashboards provider loads the mounted boards into the PromptMetrics folder, read-only from the UI", () => {
  const file = YAML.parse(providerText) as DashboardProviderFile;
  assert.equal(file.apiVersion, 1);
  assert.equal(file.providers.length, 1);
  const [provider] = file.providers;
  assert.equal(provider!.type, "file");
  assert.equal(provider!.folder, "PromptMetrics");
  assert.equal(provider!.allowUiUpdates, false);
  assert.equal(provider!.options.path, "/var/lib/grafana/dashboards");
});

/** Every string value in a parsed YAML document. */
function stringValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringValues);
  return [];
}

test("every board queries only the provisioned datasource", () => {
  const uids = new Set<string | undefined>();
  for (const { board } of loadBoards()) {
    for (const panel of queryPanels(board)) {
      uids.add(panel.datasource?.uid);
      for (const target of panel.targets ?? []) uids.add(target.datasource?.uid);
    }
    for (const variable of variables(board).filter((candidate) => candidate.type === "query")) uids.add(variable.datasource?.uid);
  }
  assert.deepEqual([...uids], [DATASOURCE.uid]);
});
