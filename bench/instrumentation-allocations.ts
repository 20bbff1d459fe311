// Bytes allocated on the V8 heap over a stretch of code: the net growth of the used heap plus what every
// garbage collection in between freed (v8.GCProfiler), so a collection inside the stretch hides nothing.
import v8 from "node:v8";

export interface AllocationCount {
  /** JavaScript heap bytes allocated since the count started. */
  bytes: number;
  /** Garbage collections (scavenges and full ones) inside the stretch. */
  collections: number;
}

/** Starts counting; call the returned function once to stop and read the count. */
export function countAllocations(): () => AllocationCount {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const usedBefore = v8.getHeapStatistics().used_heap_size;
  return () => {
    const usedAfter = v8.getHeapStatistics().used_heap_size;
    const { statistics } = profiler.stop();
    let freed = 0;
    for (const gc of statistics) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    return { bytes: usedAfter - usedBefore + freed, collections: statistics.length };
  };
}
