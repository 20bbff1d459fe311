// The ingest benchmark's knobs, from the environment, checked once; a bad value stops it naming the variable.
import { z } from "zod";

const schema = z.object({
  BENCH_SPANS: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
  BENCH_CLIENTS: z.coerce.number().int().min(1).max(64).default(6),
  BENCH_TEMPLATES: z.coerce.number().int().min(1).max(1024).default(32),
  /** "1" profiles the server's JavaScript thread (--cpu-prof) and prints its hot spots. Slows the server a little. */
  BENCH_CPU_PROF: z.enum(["0", "1"]).default("0"),
  /** "1" keeps the temporary data directories (and the profile) for a look afterwards. */
  BENCH_KEEP_DATA: z.enum(["0", "1"]).default("0"),
});

export interface BenchConfig {
  spans: number;
  clients: number;
  templates: number;
  cpuProfile: boolean;
  keepData: boolean;
}

/** Spans per export request, as the issue specifies (the OTel SDK's default maxExportBatchSize). */
export const SPANS_PER_EXPORT = 512;

export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const relevant = Object.fromEntries(Object.keys(schema.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${String(issue.path[0])}: ${issue.message} (got ${JSON.stringify(relevant[String(issue.path[0])])})`,
    );
    throw new Error(`Invalid benchmark configuration:\n${problems.join("\n")}`);
  }
  const values = parsed.data;
  return {
    spans: values.BENCH_SPANS,
    clients: values.BENCH_CLIENTS,
    templates: values.BENCH_TEMPLATES,
    cpuProfile: values.BENCH_CPU_PROF === "1",
    keepData: values.BENCH_KEEP_DATA === "1",
  };
}
