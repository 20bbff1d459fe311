// What every router of the API is made from. Its own module, so routers depend on it and not on app.ts,
// which composes them (that made an import cycle through every router).
import type { Store } from "@promptmetrics/clickhouse";
import type { AuthorizeOrg } from "./access/authorize.ts";
import type { CallerResolver } from "./access/caller.ts";
import type { AuthorizeProject } from "./access/project-access.ts";

/** What a router handed to the app gets to work with. */
export interface ApiRouterDeps {
  store: Store;
  authorizeProject: AuthorizeProject;
  authorizeOrg: AuthorizeOrg;
  resolveCaller: CallerResolver;
  now: () => Date;
}
