// Type-checks board JSON against Grafana's published Dashboard type (@grafana/schema) with the
// TypeScript compiler API: each board becomes an in-memory module `export const board = <json>
// satisfies GrafanaJson<Dashboard>`, so the literal is checked field by field, excess properties included.
import path from "node:path";
import ts from "typescript";
import { DASHBOARDS_DIR } from "./boards.ts";

/** Where the in-memory modules pretend to live: inside dashboards/, so "@grafana/schema" resolves from node_modules. */
const VIRTUAL_DIR = path.join(DASHBOARDS_DIR, "test", "__typecheck__");

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
};

/**
 * Grafana writes enums in JSON as their values ("absolute", "thresholds"), while @grafana/schema declares
 * some as TypeScript string enums, which no string literal satisfies. This maps every string type to
 * its literal values (a string enum to the union of its values, `string` stays `string`) and leaves the
 * rest of the shape, optionality and numeric enums as they are.
 */
const PRELUDE = `import type { Dashboard } from "@grafana/schema";
type GrafanaJson<T> = T extends string ? \`\${T}\` : T extends readonly (infer U)[] ? GrafanaJson<U>[] : T extends object ? { [K in keyof T]: GrafanaJson<T[K]> } : T;
export const board = `;
const SUFFIX = " satisfies GrafanaJson<Dashboard>;\n";

export interface BoardSource {
  name: string;
  json: string;
}

/** Compiles every board in one program; returns "<name>:<line>: <message>" per diagnostic, lines counted in the JSON. */
export function typecheckBoards(boards: readonly BoardSource[]): string[] {
  const files = new Map(boards.map((board) => [path.join(VIRTUAL_DIR, `${board.name}.ts`), `${PRELUDE}${board.json.trim()}${SUFFIX}`]));
  const names = new Map(boards.map((board) => [path.join(VIRTUAL_DIR, `${board.name}.ts`), board.name]));
  const host = ts.createCompilerHost(OPTIONS);
  const disk = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(fileName);
    return text === undefined
      ? disk.getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion);
  };
  host.fileExists = (fileName) => files.has(fileName) || disk.fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(fileName) ?? disk.readFile.call(host, fileName);

  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where = names.get(diagnostic.file.fileName) ?? diagnostic.file.fileName;
    // The prelude takes two lines before the JSON's first line.
    return `${where}:${line - 1}: ${message}`;
  });
}
