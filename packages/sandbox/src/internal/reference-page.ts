/** A browsable reference page of the contract: plain HTML from the OpenAPI document, no scripts, nothing fetched. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function schemaName(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref === undefined ? 'inline' : ref.split('/').at(-1)!;
}

/** Renders the page for a document. */
export function renderReferencePage(document: Record<string, unknown>): string {
  const info = document.info as { title: string; version: string; description?: string };
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const schemas = ((document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required === true ? ', required' : ''})${p.description === undefined ? '' : `: ${escape(p.description)}`}</li>`).join('');
      const body = Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => `<li>body <code>${escape(type)}</code>: <a href="#schema-${schemaName(c.schema)}">${schemaName(c.schema)}</a></li>`).join('');
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><b>${status}</b> ${escape(r.description ?? '')}${Object.values(r.content ?? {}).map((c) => ` → <a href="#schema-${schemaName(c.schema)}">${schemaName(c.schema)}</a>`).join('')}</li>`)
        .join('');
      const html = `<section id="${escape(op.operationId ?? '')}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3><p><b>${escape(op.operationId ?? '')}</b>: ${escape(op.summary ?? '')}</p>${op.description === undefined ? '' : `<p>${escape(op.description)}</p>`}<ul>${params}${body}</ul><ul>${responses}</ul></section>`;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag.entries()].map(([tag, items]) => `<h2>${escape(tag)}</h2>${items.join('')}`).join('');
  const models = Object.entries(schemas).map(([name, schema]) => `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3><pre>${escape(JSON.stringify(schema, null, 2))}</pre></section>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title><style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:24em}.m{font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#555}.get{background:#2a7}.post{background:#27a}.put{background:#a72}.delete{background:#a33}section{border-top:1px solid #ddd;padding:.3em 0}</style></head><body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1><pre>${escape(info.description ?? '')}</pre><p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>${sections}<h2>Models</h2>${models}</body></html>`;
}
