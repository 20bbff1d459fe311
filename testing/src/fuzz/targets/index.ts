// Every fuzz target, in the order the runner runs them: the fast in-process ones first.
import type { FuzzTarget } from "../driver.ts";
import { apiRequestsTarget } from "./api-requests.ts";
import { csvExportTarget } from "./csv-export.ts";
import { otlpDecodeTarget } from "./otlp-decode.ts";
import { otlpHttpTarget } from "./otlp-http.ts";
import { sqlConsoleTarget } from "./sql-console.ts";

// Each target's context and input types differ; the runner only passes them back to the same target.
export const FUZZ_TARGETS: readonly FuzzTarget<any, any>[] = [
  otlpDecodeTarget,
  csvExportTarget,
  otlpHttpTarget,
  apiRequestsTarget,
  sqlConsoleTarget,
];

export function fuzzTarget(name: string): FuzzTarget<any, any> {
  const target = FUZZ_TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`No fuzz target ${name}; the targets are ${FUZZ_TARGETS.map((t) => t.name).join(", ")}`);
  return target;
}
