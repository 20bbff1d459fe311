// Summarises the server's V8 CPU profile (written by --cpu-prof when it exits): where its JavaScript
// thread spent its time, by function (self time) and by area of the code base. chDB's own threads are
// not in it; the per-thread CPU from /proc covers them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  label: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  functions: HotSpot[];
  areas: HotSpot[];
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const IDLE = new Set(["(idle)", "(program)"]);

export function summariseProfiles(dir: string, top = 15): ProfileSummary | undefined {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"));
  if (files.length === 0) return undefined;
  // The server is the only process started with --cpu-prof; take its newest profile.
  const file = path.join(dir, files.sort().at(-1)!);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || IDLE.has(frame.functionName)) continue;
    busyMs += ms;
    const where = shortUrl(frame.url);
    const label = where ? `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}` : frame.functionName || "(native)";
    functions.set(label, (functions.get(label) ?? 0) + ms);
    const area = areaOf(frame.functionName, where);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  }
  const ranked = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, ms]) => ({ label, ms, share: ms / busyMs }));
  return { file, busyMs, functions: ranked(functions, top), areas: ranked(areas, 12) };
}

function shortUrl(url: string): string {
  if (url.startsWith("file://")) {
    const file = fileURLToPath(url);
    const inRepo = path.relative(REPO_ROOT, file);
    return inRepo.startsWith("..") ? file : inRepo.replace(/^node_modules\//, "");
  }
  return url;
}

/** Groups a frame into a part of the product (its folder) or of the runtime. */
function areaOf(functionName: string, where: string): string {
  if (functionName === "(garbage collector)") return "V8 garbage collector";
  if (where === "") return "native / builtins (JSON, Buffer, RegExp...)";
  if (where.startsWith("node:"))
    return where.startsWith("node:internal/http") || where.startsWith("node:_http") || where === "node:http"
      ? "node: http"
      : "node: other internals";
  const parts = where.split("/");
  if (parts[0] === "ingest" || parts[0] === "clickhouse" || parts[0] === "cli" || parts[0] === "analytics-api" || parts[0] === "pricing") {
    return parts.slice(0, parts[1] === "src" && parts.length > 3 ? 3 : 2).join("/");
  }
  return `dependency: ${parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]}`;
}
