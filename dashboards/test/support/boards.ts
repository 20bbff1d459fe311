// Reads the board JSON files and walks them: panels (rows' nested panels included), their ClickHouse
// targets and the template variables. Only the fields the tests look at are typed.
import fs from "node:fs";
import path from "node:path";

export const DASHBOARDS_DIR = path.resolve(import.meta.dirname, "../..");
export const BOARDS_DIR = path.join(DASHBOARDS_DIR, "boards");
export const PROVISIONING_DIR = path.join(DASHBOARDS_DIR, "provisioning");

/** The datasource every panel and query variable must use: provisioned by provisioning/datasources/clickhouse.yaml. */
export const DATASOURCE = { type: "grafana-clickhouse-datasource", uid: "promptmetrics-clickhouse" } as const;

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface TargetJson {
  refId?: string;
  datasource?: DataSourceRef;
  editorType?: string;
  format?: number;
  queryType?: string;
  rawSql?: string;
  pluginVersion?: string;
}

export interface OverrideJson {
  matcher: { id: string; options?: unknown };
  properties: { id: string; value?: unknown }[];
}

export interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  datasource?: DataSourceRef;
  gridPos?: { x: number; y: number; w: number; h: number };
  interval?: string;
  targets?: TargetJson[];
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: OverrideJson[] };
  transformations?: { id: string; options?: Record<string, unknown> }[];
  panels?: PanelJson[];
}

export interface VariableJson {
  name: string;
  type: string;
  label?: string;
  datasource?: DataSourceRef;
  query?: string | { rawSql?: string; [key: string]: unknown };
  current?: { text?: string | string[]; value?: string | string[] };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  options?: { text: string | string[]; value: string | string[] }[];
}

export interface BoardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: PanelJson[];
  templating?: { list?: VariableJson[] };
  [key: string]: unknown;
}

export interface LoadedBoard {
  file: string;
  text: string;
  board: BoardJson;
}

export function loadBoards(dir: string = BOARDS_DIR): LoadedBoard[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, "utf8");
      return { file, text, board: JSON.parse(text) as BoardJson };
    });
}

/** Every panel, rows included, with the panels collapsed rows keep inside them. */
export function allPanels(board: BoardJson): PanelJson[] {
  return board.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Panels that query data (everything but rows and text). */
export function queryPanels(board: BoardJson): PanelJson[] {
  return allPanels(board).filter((panel) => (panel.targets ?? []).length > 0);
}

export function variables(board: BoardJson): VariableJson[] {
  return board.templating?.list ?? [];
}

/** The SQL of a query variable (the plugin stores an object with rawSql; older boards a plain string). */
export function variableSql(variable: VariableJson): string | undefined {
  if (variable.type !== "query") return undefined;
  return typeof variable.query === "string" ? variable.query : variable.query?.rawSql;
}

/** Column names a table's overrides and organize transformation refer to. */
export function namedColumns(panel: PanelJson): string[] {
  const fromOverrides = (panel.fieldConfig?.overrides ?? [])
    .filter((override) => override.matcher.id === "byName" && typeof override.matcher.options === "string")
    .map((override) => override.matcher.options as string);
  const fromOrganize = (panel.transformations ?? [])
    .filter((transformation) => transformation.id === "organize")
    .flatMap((transformation) => Object.keys((transformation.options?.["renameByName"] as Record<string, string> | undefined) ?? {}));
  return [...new Set([...fromOverrides, ...fromOrganize])];
}

export function panelLabel(board: BoardJson, panel: PanelJson): string {
  return `${board.title} › ${panel.title ?? `panel ${panel.id}`}`;
}
