// The dashboard's API types and SQL table list are generated from the API's OpenAPI document, whose
// response schemas real answers are checked against (analytics-api/test/integration/response-shapes.test.ts):
// these files must be what the generator writes today, so a changed answer fails here (and, through the
// types, the build) until `node web/scripts/generate-api-types.ts` is run and the UI follows.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { apiDocument, SQL_TABLES_FILE, sqlTablesSource, TYPES_FILE, typesSource } from "../../scripts/generate-api-types.ts";

const document = apiDocument();
const stale = "is stale: run `node web/scripts/generate-api-types.ts`";

test("src/api/types.ts is generated from the API's document", async () => {
  assert.equal(fs.readFileSync(TYPES_FILE, "utf8"), await typesSource(document), `${TYPES_FILE} ${stale}`);
});

test("src/api/sql-tables.ts is generated from the API's document", async () => {
  assert.equal(fs.readFileSync(SQL_TABLES_FILE, "utf8"), await sqlTablesSource(document), `${SQL_TABLES_FILE} ${stale}`);
});

test("the generator writes interfaces with their documentation, unions, tuples, records and self-references", async () => {
  const source = await typesSource({
    paths: {},
    components: {
      schemas: {
        Node: {
          type: "object",
          description: "A node.",
          properties: {
            id: { type: "string", description: "Its id." },
            kind: { type: "string", enum: ["a", "b"] },
            size: { anyOf: [{ type: "integer" }, { type: "null" }] },
            pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }] },
            attributes: { type: "object", additionalProperties: { type: "string" } },
            children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
            either: { type: "array", items: { anyOf: [{ type: "string" }, { type: "boolean" }] } },
            label: { type: "string" },
          },
          required: ["id", "kind", "size", "pair", "attributes", "children", "either"],
        },
      },
    },
  });
  assert.ok(
    source.endsWith(
      [
        "/** A node. */",
        "export interface Node {",
        "  /** Its id. */",
        "  id: string;",
        '  kind: "a" | "b";',
        "  size: number | null;",
        "  pair: [string, number];",
        "  attributes: Record<string, string>;",
        "  children: Node[];",
        "  either: (string | boolean)[];",
        "  label?: string;",
        "}",
        "",
      ].join("\n"),
    ),
    source,
  );
});
