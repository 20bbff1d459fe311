// The dependency rule of ARCHITECTURE.md, checked by `npm run lint:deps` (part of `npm test`):
//   pricing ← runs ← clickhouse ← ingest, analytics-api ← cli
// the web app imports other packages' types only; the published instrumentation imports only pricing (bundled);
// product code never imports test code (test/, *.test.ts, the testing workspace); no package reaches
// into another's folders by a relative path; no import cycles, type-only ones included.
const PRODUCT = "(pricing|runs|clickhouse|ingest|analytics-api|cli|instrumentation)";
const TEST_CODE = "(^|/)(test|e2e)/|\\.test\\.tsx?$|^testing/";

/** `from` may import no other workspace package but `allowed`. */
function onlyImports(from, allowed) {
  const others = [
    "pricing",
    "runs",
    "clickhouse",
    "ingest",
    "analytics-api",
    "cli",
    "instrumentation",
    "testing",
    "web",
    "dashboards",
    "deploy",
    "bench",
    "compat",
  ].filter((name) => name !== from && !allowed.includes(name));
  return {
    name: `${from}-layer`,
    comment: `${from} may import ${allowed.length ? allowed.join(", ") : "no other package of ours"} (the dependency rule in ARCHITECTURE.md)`,
    severity: "error",
    from: { path: `^${from}/`, pathNot: TEST_CODE },
    to: { path: `^(${others.join("|")})/` },
  };
}

module.exports = {
  forbidden: [
    onlyImports("pricing", []),
    onlyImports("runs", ["pricing"]),
    onlyImports("clickhouse", ["pricing", "runs"]),
    onlyImports("ingest", ["pricing", "runs", "clickhouse"]),
    onlyImports("analytics-api", ["pricing", "runs", "clickhouse"]),
    onlyImports("cli", ["pricing", "runs", "clickhouse", "ingest", "analytics-api"]),
    // The published SDK bundles the price catalogue at build time, and nothing else of ours.
    onlyImports("instrumentation", ["pricing"]),
    {
      name: "web-imports-types-only",
      comment: "The browser bundle must not pull server code: the web app imports other packages' types only",
      severity: "error",
      from: { path: "^web/src/", pathNot: TEST_CODE },
      to: { path: `^${PRODUCT}/`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "web-components-not-pages",
      comment: "Shared components must not import pages (pages compose components, not the other way round)",
      severity: "error",
      from: { path: "^web/src/components/" },
      to: { path: "^web/src/pages/" },
    },
    {
      name: "product-not-test-code",
      comment: "Product code never imports test code, test helpers or the testing workspace",
      severity: "error",
      from: { path: `^${PRODUCT}/`, pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: "no-reaching-into-packages",
      comment: "Import another package by its name and exports, never by a relative path into its folders",
      severity: "error",
      // bench/ is no package: benchmarks time internals (the ingest's decoder, mapper and writer parts) on purpose.
      from: { path: "^([^/]+)/", pathNot: "^bench/" },
      to: { path: "^[^/]+/", pathNot: "^$1/|node_modules", dependencyTypes: ["local"], dependencyTypesNot: ["aliased-workspace"] },
    },
    {
      name: "no-circular",
      comment: "No import cycles, type-only ones included",
      severity: "error",
      from: { pathNot: "node_modules" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|data|coverage)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
