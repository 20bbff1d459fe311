// A browsable page for the OpenAPI document, rendered on the server from the document itself: no
// script, no assets from elsewhere, so it works offline and under a strict CSP.
type Json = Record<string, unknown>;

function escape(text: unknown): string {
  return String(text ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

function typeOf(schema: Json | undefined): string {
  if (schema === undefined) return "";
  if (Array.isArray(schema["enum"])) return (schema["enum"] as unknown[]).map(String).join(" | ");
  if (Array.isArray(schema["anyOf"])) return (schema["anyOf"] as Json[]).map(typeOf).join(" or ");
  if (schema["type"] === "array") return `${typeOf(schema["items"] as Json | undefined)}[]`;
  return String(schema["type"] ?? schema["format"] ?? "any");
}

function parametersTable(parameters: Json[]): string {
  if (parameters.length === 0) return "";
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escape(p["name"])}</code>${p["required"] ? " <b>required</b>" : ""}</td><td>${escape(p["in"])}</td><td>${escape(typeOf(p["schema"] as Json))}</td><td>${escape(p["description"])}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const body = (op["requestBody"] as Json | undefined)?.["content"] as Json | undefined;
  const bodySchema = (body?.["application/json"] as Json | undefined)?.["schema"];
  const responses = Object.entries((op["responses"] as Json) ?? {})
    .map(([status, answer]) => `<li><code>${escape(status)}</code> ${escape((answer as Json)["description"])}</li>`)
    .join("");
  const secured = Array.isArray(op["security"]) && (op["security"] as unknown[]).length > 0;
  return `<section class="op" id="${escape(op["operationId"])}">
<h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p>${escape(op["summary"])}${secured ? "" : " <em>(no sign-in needed)</em>"}</p>
${op["description"] ? `<p class="muted">${escape(op["description"])}</p>` : ""}
${parametersTable((op["parameters"] as Json[]) ?? [])}
${bodySchema ? `<details><summary>JSON body</summary><pre>${escape(JSON.stringify(bodySchema, null, 2))}</pre></details>` : ""}
<ul class="responses">${responses}</ul>
</section>`;
}

export function renderDocsPage(document: Json): string {
  const info = (document["info"] as Json) ?? {};
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries((document["paths"] as Json) ?? {})) {
    for (const [method, op] of Object.entries(item as Json)) {
      const tag = String(((op as Json)["tags"] as string[] | undefined)?.[0] ?? "Other");
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op as Json)]);
    }
  }
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(" · ");
  const sections = [...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${ops.join("\n")}`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info["title"])} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1f2937;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e5e7eb;background:#111827}table td,table th{border-color:#374151}pre{background:#1f2937!important}}
h1{margin-bottom:.2rem} h2{margin-top:2.5rem;border-bottom:1px solid #9ca3af55} .muted{color:#6b7280}
.op{margin:1.2rem 0;padding-bottom:.6rem} .op h3{font-size:1rem;margin:.2rem 0}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2563eb}.post{background:#059669}.patch,.put{background:#d97706}.delete{background:#dc2626}
table{border-collapse:collapse;width:100%;font-size:.9rem} td,th{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f3f4f6;padding:.6rem;overflow:auto;font-size:.8rem} code{font-size:.9em}
</style></head><body>
<h1>${escape(info["title"])}</h1><p class="muted">Version ${escape(info["version"])} · OpenAPI ${escape(document["openapi"])} · <a href="/api/openapi.json">openapi.json</a></p>
<p>${escape(info["description"])}</p>
<nav>${toc}</nav>
${sections}
</body></html>`;
}
