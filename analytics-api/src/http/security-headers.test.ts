import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { dashboardContentSecurityPolicy } from "../web-assets.ts";
import { inlineHashes, pageContentSecurityPolicy } from "./security-headers.ts";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

test("the dashboard's inline theme script is hashed exactly; scripts with src are not inline", () => {
  const html = fs.readFileSync(fileURLToPath(new URL("../../../web/index.html", import.meta.url)), "utf8");
  const theme = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.match(theme, /pm-theme/);
  assert.deepEqual(inlineHashes(html), { scripts: [sha256(theme)], styles: [] });
  const policy = dashboardContentSecurityPolicy(html);
  assert.ok(policy.includes(`script-src 'self' ${sha256(theme)};`), policy);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
});

test("a page that loads nothing: 'none' everywhere but its own inline style", () => {
  const html = "<!doctype html><style>body{margin:0}</style><style media=print>p{}</style><p>hi</p>";
  assert.equal(
    pageContentSecurityPolicy(html, { load: "none" }),
    `default-src 'none'; script-src 'none'; style-src ${sha256("body{margin:0}")} ${sha256("p{}")}; img-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
});
