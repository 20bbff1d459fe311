// A real ingest for tests and benchmarks: embedded store in a temp dir, migrated, one org and project
// with an ingest key, the ingest service and its OTLP server on an ephemeral loopback port.
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { generateKey } from "@promptmetrics/analytics-api/auth";
import { insertApiKey, insertOrg, insertProject, migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import {
  createIngestServer,
  createIngestService,
  DEFAULT_INGEST_CONFIG,
  type IngestConfig,
  type IngestService,
} from "@promptmetrics/ingest";

export interface IngestHarness {
  store: Store;
  service: IngestService;
  url: string;
  projectId: string;
  keyId: string;
  ingestKey: string;
  /** Creates another project with its own key. */
  addProject(name: string): Promise<{ projectId: string; ingestKey: string; keyId: string }>;
  close(): Promise<void>;
}

export async function startIngestHarness(config: Partial<IngestConfig> = {}): Promise<IngestHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-ingest-"));
  const store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  const org = await insertOrg(store, { id: `org_${randomUUID()}`, name: "Test org" });
  const addProject = async (name: string) => {
    const project = await insertProject(store, { id: `proj_${randomUUID()}`, orgId: org.id, name });
    const key = generateKey("ingest");
    const keyId = `key_${randomUUID()}`;
    await insertApiKey(store, {
      id: keyId,
      kind: "ingest",
      orgId: org.id,
      projectId: project.id,
      userId: "",
      name: "test",
      prefix: key.prefix,
      secretHash: key.secretHash,
    });
    return { projectId: project.id, ingestKey: key.secret, keyId };
  };
  const first = await addProject("Test project");
  const fullConfig = { ...DEFAULT_INGEST_CONFIG, ...config };
  const service = createIngestService({ store, config: fullConfig });
  const server: http.Server = createIngestServer({ store, service, config: fullConfig });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    store,
    service,
    url: `http://127.0.0.1:${port}`,
    ...first,
    addProject,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await service.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `accept` holds or the deadline passes (no fixed sleeps). */
export async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
