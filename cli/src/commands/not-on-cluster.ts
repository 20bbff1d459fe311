// Commands that rewrite rollup partitions (reprice, rebuild-rollups) do not run on a cluster yet: that
// needs each shard's *_local tables, which the store does not address.
export class NotOnClusterError extends Error {
  constructor(command: string) {
    super(
      `${command} does not run on a cluster yet: it rebuilds rollup partitions, which needs each shard's *_local tables. Run it against a single server or the embedded store.`,
    );
    this.name = "NotOnClusterError";
  }
}
