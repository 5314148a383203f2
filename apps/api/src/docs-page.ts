import { PROBLEM_TYPES } from "./errors.js";

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { description: string }>;
}

/** A self-contained HTML page (no scripts, no CDN) rendered from the OpenAPI document. */
export function renderDocsPage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const operations = Object.entries(paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = op.requestBody?.content["application/json"]?.schema?.$ref?.split("/").pop();
        const params = (op.parameters ?? [])
          .map(
            (p) =>
              `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ", required" : ""}) ${escape(p.description ?? "")}</li>`,
          )
          .join("");
        const responses = Object.entries(op.responses)
          .map(([status, r]) => `<li><code>${status}</code> ${escape(r.description)}</li>`)
          .join("");
        return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code>${op.security ? ' <span class="auth">bearer</span>' : ""}</h3>
<p>${escape(op.summary ?? "")}</p>${op.description ? `<p>${escape(op.description)}</p>` : ""}${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}${body ? `<h4>Body</h4><p><a href="#schema-${body}">${body}</a></p>` : ""}<h4>Responses</h4><ul>${responses}</ul></section>`;
      }),
    )
    .join("\n");
  const schemaBlocks = Object.entries(schemas)
    .map(
      ([id, schema]) =>
        `<h3 id="schema-${escape(id)}">${escape(id)}</h3><pre>${escape(JSON.stringify(schema, null, 2))}</pre>`,
    )
    .join("\n");
  const problems = [...PROBLEM_TYPES.values()]
    .map(
      (t) =>
        `<tr id="${t.slug}"><td><code>/api/docs#${t.slug}</code></td><td>${t.status}</td><td><code>${t.code}</code></td><td>${escape(t.title)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} ${escape(info.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f5;padding:.75rem;overflow:auto;font-size:13px}
section{border-top:1px solid #ddd;padding-top:.5rem}.m{display:inline-block;min-width:4.5rem;color:#fff;border-radius:3px;padding:0 .4rem;text-align:center}
.get{background:#2b7bb9}.post{background:#2f9e44}.put{background:#8a5a00}.delete{background:#c92a2a}.auth{font-size:12px;background:#fff3bf;padding:0 .3rem}
table{border-collapse:collapse}td{border:1px solid #ddd;padding:.2rem .5rem}</style></head>
<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1><p>${escape(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2>${operations}
<h2>Problem types</h2><table><tr><td>type</td><td>status</td><td>code</td><td>title</td></tr>${problems}</table>
<h2>Schemas</h2>${schemaBlocks}</body></html>`;
}
