// The routes an express app registers, read from its router stack and the routers mounted in it: shared
// by the route probe (which attacks each) and the OpenAPI test (which finds each in API_ROUTES).
// Middleware that answers a path itself (GET /metrics) has no route and is not listed.

export interface RouteKey {
  /** Upper case: GET, POST, … */
  method: string;
  /** Express-style: /api/projects/:projectId */
  path: string;
}

/** Every method and path the app's router stack (and the routers mounted in it) registers. */
export function registeredRoutes(app: unknown): RouteKey[] {
  const found: RouteKey[] = [];
  const walk = (stack: unknown[]) => {
    for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase(), path: layer.route.path });
      } else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack);
    }
  };
  walk((app as { router: { stack: unknown[] } }).router.stack);
  return found;
}
