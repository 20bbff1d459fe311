// `promptmetrics end-users export|delete <projectId> <endUserId>`: an end user's data rights from the
// command line, the same as the API's GET .../end-users/:id/export and DELETE .../end-users/:id (same
// export document, same deletion and rollup recomputation), for an operator without a session.
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { createInterface } from "node:readline/promises";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { endUserExportChunks } from "@promptmetrics/analytics-api";
import { deleteEndUserData, getProjectById, type EndUserKey, type Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";
import { NotOnClusterError } from "./not-on-cluster.ts";

/** A refusal the user can act on (unknown project, no confirmation): printed alone, exit 1. */
export class EndUserCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EndUserCommandError";
  }
}

export interface EndUserExportOptions {
  /** The file to write; absent: stdout. */
  out?: string | undefined;
  now?: Date;
}

/** Streams the export to `out` (written whole or not at all: a `.partial` file renamed at the end) or stdout. */
export async function runEndUsersExport(
  env: Env,
  key: EndUserKey,
  options: EndUserExportOptions,
  write: (text: string) => void,
): Promise<void> {
  const { store } = await openMigratedStore(env);
  try {
    await requireProject(store, key.projectId);
    const chunks = endUserExportChunks(store, key, { now: options.now ?? new Date() });
    if (options.out === undefined) {
      await pipeChunks(chunks, process.stdout);
      return;
    }
    const target = path.resolve(options.out);
    const partial = `${target}.partial`;
    let fd: number;
    try {
      fd = fs.openSync(partial, "w");
    } catch (error) {
      throw new EndUserCommandError(`Cannot write ${target}: ${(error as Error).message}`);
    }
    try {
      await pipeline(Readable.from(chunks), fs.createWriteStream("", { fd }));
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
    write(
      `Exported end user ${JSON.stringify(key.endUserId)} of project ${key.projectId} to ${target} (${fs.statSync(target).size} bytes).\n`,
    );
  } finally {
    await store.close();
  }
}

export interface EndUserDeleteOptions {
  /** --yes: no question asked. */
  yes: boolean;
  /** Where to ask when --yes is absent; only a terminal is asked, anything else is refused. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export async function runEndUsersDelete(
  env: Env,
  key: EndUserKey,
  options: EndUserDeleteOptions,
  write: (text: string) => void,
): Promise<void> {
  if (env.CLICKHOUSE_URL && env.CLICKHOUSE_CLUSTER) throw new NotOnClusterError("end-users delete");
  const who = `end user ${JSON.stringify(key.endUserId)} of project ${key.projectId}`;
  const input = options.input ?? process.stdin;
  if (!options.yes && !input.isTTY) {
    throw new EndUserCommandError(`Refusing to delete everything of ${who} without confirmation: add --yes.`);
  }
  const { store } = await openMigratedStore(env);
  try {
    await requireProject(store, key.projectId);
    if (!options.yes && !(await confirm(input, `Delete every run, span and feedback of ${who}? This cannot be undone. [y/N] `))) {
      write("Nothing deleted.\n");
      return;
    }
    const deleted = await deleteEndUserData(store, key);
    write(
      `Deleted ${who}: ${deleted.runs} run(s), ${deleted.spans} span(s), ${deleted.feedback} feedback row(s); ` +
        `recomputed ${deleted.hours.length} rollup hour(s).\n`,
    );
  } finally {
    await store.close();
  }
}

async function requireProject(store: Store, projectId: string): Promise<void> {
  if (!(await getProjectById(store, { projectId }))) throw new EndUserCommandError(`There is no project ${JSON.stringify(projectId)}.`);
}

async function confirm(input: NodeJS.ReadableStream, question: string): Promise<boolean> {
  const prompt = createInterface({ input, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** Writes each chunk, waiting for the stream to drain when it asks to (a slow pipe or disk). */
async function pipeChunks(chunks: AsyncIterable<string>, out: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, "drain");
  }
}
