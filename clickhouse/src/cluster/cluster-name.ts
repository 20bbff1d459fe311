// The cluster name as it appears in the rendered DDL (ON CLUSTER, Distributed(...)). Names come from the
// servers' remote_servers section, whose XML element names may hold hyphens and dots: those are quoted
// with backticks; anything else is refused rather than quoted, so a name can never change the statement.
import { ClusterNameError } from "./cluster-errors.ts";

const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BARE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name ready to paste after ON CLUSTER; throws ClusterNameError for a name a cluster cannot have. */
export function quoteClusterName(cluster: string): string {
  if (!CLUSTER_NAME.test(cluster)) throw new ClusterNameError(cluster);
  return BARE_IDENTIFIER.test(cluster) ? cluster : `\`${cluster}\``;
}
