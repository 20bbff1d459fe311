// docker-compose.yml's wiring, checked without Docker: the services and how they depend on each other,
// healthchecks, pinned images, published ports, the files mounted into the containers, and every
// environment variable our services get parsed by the same schema the processes validate at start.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError, envSchema, parseEnv } from "@promptmetrics/cli/env";
import YAML from "yaml";
import { parsePort, readComposeFile, readEnvFile, references, serviceEnvironment } from "./compose-file.ts";
import { parseDockerfile } from "./dockerfile.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const compose = readComposeFile(path.join(ROOT, "docker-compose.yml"));
const exampleEnv = readEnvFile(path.join(ROOT, ".env.example"));
const { services } = compose;
const OUR_ROLES = new Set(["api", "ingest", "migrate"]);
const ourServices = Object.entries(services).filter(([, service]) => OUR_ROLES.has(service.command?.[0] ?? ""));

test("the services of the scaled stack, each role of our image once", () => {
  assert.deepEqual(Object.keys(services).sort(), ["api", "clickhouse", "grafana", "ingest", "ingest-gateway", "migrate", "otel-collector"]);
  assert.deepEqual(ourServices.map(([name, service]) => `${name}:${service.command?.join(" ")}`).sort(), [
    "api:api",
    "ingest:ingest",
    "migrate:migrate",
  ]);
  for (const [name, service] of ourServices) {
    assert.equal(service.image, "promptmetrics:local", name);
    assert.equal(service.build, ".", `${name} builds the Dockerfile at the root`);
  }
  assert.deepEqual(services["otel-collector"]!.profiles, ["collector"], "the collector is optional");
});

test("images are pinned to exact versions", () => {
  for (const [name, service] of Object.entries(services)) {
    if (service.build) continue;
    assert.match(service.image ?? "", /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/, `${name}: ${service.image}`);
  }
});

test("every long-running service has a healthcheck probing the port it listens on; migrate runs once", () => {
  for (const [name, service] of Object.entries(services)) {
    if (name === "migrate") {
      assert.equal(service.healthcheck, undefined);
      assert.equal(service.restart, "no", "a one-shot job");
      continue;
    }
    assert.ok(service.healthcheck, `${name} has a healthcheck`);
    assert.equal(service.restart, "unless-stopped", name);
  }
  const probe = (name: string) => [services[name]!.healthcheck!.test].flat().join(" ");
  const apiPort = serviceEnvironment(services.api!, exampleEnv).PROMPTMETRICS_PORT;
  const ingestPort = serviceEnvironment(services.ingest!, exampleEnv).PROMPTMETRICS_OTLP_PORT;
  assert.match(probe("api"), new RegExp(`127\\.0\\.0\\.1:${apiPort}/healthz`));
  assert.match(probe("ingest"), new RegExp(`127\\.0\\.0\\.1:${ingestPort}/healthz`));
  assert.match(probe("clickhouse"), /:8123\/ping/);
  assert.match(probe("grafana"), /:3000\/api\/health/);
});

test("start order: ClickHouse healthy → migrate completes → ingest and api; the gateway waits for an ingest", () => {
  const dependsOn = (name: string) =>
    Object.fromEntries(Object.entries(services[name]!.depends_on ?? {}).map(([dep, { condition }]) => [dep, condition]));
  assert.deepEqual(dependsOn("migrate"), { clickhouse: "service_healthy" });
  assert.deepEqual(dependsOn("ingest"), { migrate: "service_completed_successfully" });
  assert.deepEqual(dependsOn("api"), { migrate: "service_completed_successfully" });
  assert.deepEqual(dependsOn("ingest-gateway"), { ingest: "service_healthy" });
  assert.deepEqual(dependsOn("grafana"), { clickhouse: "service_healthy", migrate: "service_completed_successfully" });
  assert.deepEqual(dependsOn("otel-collector"), { "ingest-gateway": "service_healthy" });
});

test("only the ports a user needs are published: dashboard, OTLP/HTTP, Grafana (and OTLP/gRPC with the collector)", () => {
  const published = Object.entries(services).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
  assert.deepEqual(published.sort(), ["api 3000:3000", "grafana 3001:3000", "ingest-gateway 4318:4318", "otel-collector 4317:4317"]);
  const dockerfile = parseDockerfile(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
  const exposed = dockerfile.stages
    .at(-1)!
    .instructions.find((i) => i.keyword === "EXPOSE")!
    .args.split(" ")
    .map(Number);
  assert.ok(exposed.includes(parsePort(services.api!.ports![0]!).container));
  assert.equal(Number(serviceEnvironment(services.api!, exampleEnv).PROMPTMETRICS_PORT), parsePort(services.api!.ports![0]!).container);
  assert.ok(exposed.includes(Number(serviceEnvironment(services.ingest!, exampleEnv).PROMPTMETRICS_OTLP_PORT)));
});

test("our services' environment: every name is one the configuration schema accepts, and the values parse", () => {
  const known = new Set(Object.keys(envSchema.shape));
  for (const [name, service] of ourServices) {
    const environment = serviceEnvironment(service, exampleEnv);
    for (const key of Object.keys(environment)) assert.ok(known.has(key), `${name}: ${key} is not a setting the processes read`);
    try {
      const parsed = parseEnv(environment);
      assert.equal(parsed.CLICKHOUSE_URL, "http://clickhouse:8123", name);
      if (name !== "migrate") assert.equal(parsed.PROMPTMETRICS_HOST, "0.0.0.0", `${name} listens beyond the container's loopback`);
    } catch (error) {
      assert.fail(`${name}: ${error instanceof ConfigError ? error.message : String(error)}`);
    }
  }
});

test("the ClickHouse credentials and database agree between the server and its clients", () => {
  const server = serviceEnvironment(services.clickhouse!, exampleEnv);
  for (const [name, service] of ourServices) {
    const client = serviceEnvironment(service, exampleEnv);
    assert.equal(client.CLICKHOUSE_USER, server.CLICKHOUSE_USER, name);
    assert.equal(client.CLICKHOUSE_PASSWORD, server.CLICKHOUSE_PASSWORD, name);
    assert.equal(client.CLICKHOUSE_DATABASE, server.CLICKHOUSE_DB, name);
  }
  const grafana = serviceEnvironment(services.grafana!, exampleEnv);
  assert.equal(grafana.GRAFANA_CLICKHOUSE_PASSWORD, server.GRAFANA_CLICKHOUSE_PASSWORD);
  assert.equal(grafana.CLICKHOUSE_DATABASE, server.CLICKHOUSE_DB);
  const usersXml = fs.readFileSync(path.join(ROOT, "deploy/clickhouse/users.d/grafana.xml"), "utf8");
  assert.match(usersXml, new RegExp(`<${grafana.GRAFANA_CLICKHOUSE_USER}>`), "the user Grafana signs in as is defined");
  assert.match(usersXml, new RegExp(`GRANT SELECT ON ${server.CLICKHOUSE_DB}\\.\\*`), "and may only read the PromptMetrics database");
  assert.match(usersXml, /<readonly>1<\/readonly>/);
  assert.match(usersXml, /<password from_env="GRAFANA_CLICKHOUSE_PASSWORD"\/>/, "its password comes from the environment");
});

test("every variable the compose file refers to is documented in .env.example; passwords have no default", () => {
  const text = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
  const referenced = references(text);
  for (const { name } of referenced) assert.ok(name in exampleEnv, `${name} is documented in .env.example`);
  assert.ok(
    referenced.some((ref) => ref.name === "CLICKHOUSE_PASSWORD" && ref.required),
    "passwords have no default",
  );
  assert.ok(referenced.some((ref) => ref.name === "GRAFANA_ADMIN_PASSWORD" && ref.required));
});

test("every file mounted into a container exists in the repository", () => {
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(":")[0]!;
      if (!source.startsWith("./")) {
        assert.ok(compose.volumes && source in compose.volumes, `${name}: named volume ${source} is declared`);
        continue;
      }
      assert.ok(fs.existsSync(path.join(ROOT, source)), `${name} mounts ${source}`);
    }
  }
});

test("the gateway proxies to the ingest service's port; the collector exports to the gateway", () => {
  const nginx = fs.readFileSync(path.join(ROOT, "deploy/ingest-gateway/nginx.conf"), "utf8");
  const ingestPort = serviceEnvironment(services.ingest!, exampleEnv).PROMPTMETRICS_OTLP_PORT;
  assert.match(nginx, new RegExp(`server ingest:${ingestPort} resolve;`));
  assert.match(nginx, /listen 4318;/);
  assert.match(nginx, /resolver 127\.0\.0\.11/, "re-resolves the replicas through Docker's DNS");
  const collector = YAML.parse(fs.readFileSync(path.join(ROOT, "deploy/otel-collector/config.yaml"), "utf8")) as {
    exporters: Record<string, { endpoint: string; headers: Record<string, string> }>;
    service: { pipelines: Record<string, { exporters: string[] }> };
  };
  const exporter = collector.exporters["otlphttp/promptmetrics"]!;
  assert.equal(exporter.endpoint, "http://ingest-gateway:4318");
  assert.equal(exporter.headers.Authorization, "Bearer ${env:PROMPTMETRICS_INGEST_KEY}");
  assert.ok("PROMPTMETRICS_INGEST_KEY" in (services["otel-collector"]!.environment ?? {}));
  assert.deepEqual(Object.keys(collector.service.pipelines).sort(), ["logs", "traces"]);
});

test("Grafana's provisioning reads only variables the grafana service sets", () => {
  const grafana = serviceEnvironment(services.grafana!, exampleEnv);
  const dir = path.join(ROOT, "dashboards/provisioning");
  const files = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".yaml") || file.endsWith(".yml"));
  assert.ok(files.length >= 2, "a datasource and a dashboards provider");
  for (const file of files) {
    const text = fs
      .readFileSync(path.join(dir, file), "utf8")
      .split("\n")
      .filter((line) => !line.trim().startsWith("#"))
      .join("\n");
    for (const match of text.matchAll(/\$(?:__env)?\{([A-Z_][A-Z0-9_]*)\}/g)) {
      assert.ok(match[1]! in grafana, `${file} uses ${match[1]}, which the grafana service does not set`);
    }
  }
});

test("system logs in ClickHouse have a TTL so they cannot fill the disk", () => {
  const xml = fs.readFileSync(path.join(ROOT, "deploy/clickhouse/config.d/system-log-ttl.xml"), "utf8");
  for (const log of [
    "query_log",
    "part_log",
    "trace_log",
    "text_log",
    "metric_log",
    "asynchronous_metric_log",
    "query_thread_log",
    "processors_profile_log",
  ]) {
    assert.match(xml, new RegExp(`<${log}><ttl>event_date \\+ INTERVAL \\d+ DAY DELETE</ttl></${log}>`), log);
  }
});
