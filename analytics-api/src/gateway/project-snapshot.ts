// Per-project records the gateway consults on every call (routing rules, limits, settings), held in memory
// and re-read from the store every few seconds, so a change made on any replica applies within that
// interval; `refresh()` applies a change made through this process at once.
export interface ProjectSnapshot<T> {
  forProject(projectId: string): readonly T[];
  refresh(): Promise<void>;
  close(): void;
}

const NONE: readonly never[] = [];

export function createProjectSnapshot<T extends { projectId: string }>(
  load: () => Promise<readonly T[]>,
  opts: { refreshMs?: number; onError?: (error: unknown) => void } = {},
): ProjectSnapshot<T> {
  let byProject = new Map<string, T[]>();
  const refresh = async () => {
    const next = new Map<string, T[]>();
    for (const record of await load()) {
      const list = next.get(record.projectId);
      if (list) list.push(record);
      else next.set(record.projectId, [record]);
    }
    byProject = next;
  };
  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 3000);
  timer.unref();
  void refresh().catch((error: unknown) => opts.onError?.(error));
  return {
    forProject: (projectId) => byProject.get(projectId) ?? NONE,
    refresh,
    close: () => clearInterval(timer),
  };
}
