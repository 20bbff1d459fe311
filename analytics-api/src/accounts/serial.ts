// Runs account changes one at a time. ClickHouse has no transactions or unique constraints, so "is this
// email taken?", "is this the first user?" and "is this the last owner?" are check-then-write; within
// one process this lock makes them atomic. Replicas of the scaled deployment can still race on them.
export type SerialLock = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerialLock(): SerialLock {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
