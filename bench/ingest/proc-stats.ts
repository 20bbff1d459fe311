// What Linux says about a process: resident memory (current and peak) and CPU time, split between its
// main thread (JavaScript) and its other threads (chDB's engine, libuv's pool, V8's GC helpers).
import fs from "node:fs";

/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat, 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface MemoryStatus {
  rssBytes: number;
  peakRssBytes: number;
}

export function readMemory(pid: number): MemoryStatus | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined; // the process has exited
  }
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rssBytes: kib("VmRSS"), peakRssBytes: kib("VmHWM") };
}

export interface CpuSnapshot {
  /** Whole process, threads that already exited included. */
  processSeconds: number;
  mainThreadSeconds: number;
  /** Live threads by name (chDB names its threads after their job), seconds summed. */
  byThreadName: Map<string, number>;
}

export function readCpu(pid: number): CpuSnapshot | undefined {
  const process = readStat(`/proc/${pid}/stat`);
  if (!process) return undefined;
  const byThreadName = new Map<string, number>();
  let mainThreadSeconds = 0;
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    // exited between the two reads
  }
  for (const tid of tids) {
    const thread = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (!thread) continue;
    if (Number(tid) === pid) mainThreadSeconds = thread.seconds;
    else byThreadName.set(thread.name, (byThreadName.get(thread.name) ?? 0) + thread.seconds);
  }
  return { processSeconds: process.seconds, mainThreadSeconds, byThreadName };
}

function readStat(file: string): { name: string; seconds: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  // The name sits in parentheses and may itself contain spaces or parentheses: split after the last ')'.
  const close = text.lastIndexOf(")");
  const name = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  // Fields 14 and 15 of the file (utime, stime) are the 12th and 13th after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { name, seconds: ticks / CLOCK_TICKS_PER_SECOND };
}

/** CPU used between two snapshots; thread names whose threads came and went are only in the total. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  const byThreadName = new Map<string, number>();
  for (const [name, seconds] of after.byThreadName) {
    const used = seconds - (before.byThreadName.get(name) ?? 0);
    if (used > 0) byThreadName.set(name, used);
  }
  return {
    processSeconds: after.processSeconds - before.processSeconds,
    mainThreadSeconds: after.mainThreadSeconds - before.mainThreadSeconds,
    byThreadName,
  };
}

/** Busy CPU seconds of the whole machine (all cores, all processes), steal time counted apart. */
export interface MachineCpu {
  busySeconds: number;
  stealSeconds: number;
}

export function readMachineCpu(): MachineCpu | undefined {
  let text: string;
  try {
    text = fs.readFileSync("/proc/stat", "utf8");
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = text.split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return { busySeconds: (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND, stealSeconds: steal / CLOCK_TICKS_PER_SECOND };
}
