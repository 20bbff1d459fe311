// Lint rules for the whole tree, run by `npm run lint` (part of `npm test`). Type-free rules only, so a
// run takes seconds; the type-checker (`npm run typecheck`) covers the rest. Layering is checked by
// dependency-cruiser (.dependency-cruiser.cjs), formatting by Prettier.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "data/**", "coverage/**", ".tmp/**", "web/e2e/screenshots/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `import("x").T` stays allowed: the lazy chdb load and a few test helpers type what they load late.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "import-x/no-duplicates": "error",
      "import-x/first": "error",
      "import-x/no-self-import": "error",
      "import-x/no-useless-path-segments": "error",
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "No export * barrels: name what a module exports" }],
    },
  },
  {
    // CommonJS fixtures (the instrumentation's require() path is tested with them).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests read JSON answers whose shape the assertions check; `any` there is the honest type.
    files: ["**/*.test.ts", "**/*.test.tsx", "**/test/**", "**/e2e/**", "testing/**"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    // The classic two rules. The React Compiler's rules (refs, purity, set-state-in-effect) fit an app
    // built with the compiler, which this one is not.
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
);
