"""``GET /docs``: the OpenAPI schema as one local HTML page (no script, no CDN; FastAPI's Swagger UI and ReDoc load
their code from a CDN, so they are switched off)."""
from __future__ import annotations

import html
import json


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def _schema_text(schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False)


def render_docs(spec: dict) -> str:
    info = spec.get("info", {})
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(info.get('title', 'API'))} {esc(info.get('version', ''))}: HTTP API</title>",
             '<link rel="stylesheet" href="/static/app.css">', '<link rel="icon" href="data:,">',
             "</head>", '<body class="docs">', "<main>",
             f"<h1>{esc(info.get('title', 'API'))} {esc(info.get('version', ''))}: HTTP API</h1>"]
    for key in ("summary", "description"):
        if info.get(key):
            parts.append(f"<p>{esc(info[key])}</p>")
    parts.append('<p>Machine-readable schema: <a href="/openapi.json">/openapi.json</a> (OpenAPI '
                 f"{esc(spec.get('openapi', ''))}). The web page: <a href=\"/\">/</a>.</p>")
    parts.append('<nav><ul class="toc">')
    operations = [(path, method, op) for path, ops in spec.get("paths", {}).items() for method, op in ops.items()]
    for path, method, op in operations:
        anchor = f"{method}-{path}".replace("/", "-")
        parts.append(f'<li><a href="#{esc(anchor)}"><code>{esc(method.upper())} {esc(path)}</code></a> '
                     f"{esc(op.get('summary', ''))}</li>")
    parts.append("</ul></nav>")
    for path, method, op in operations:
        anchor = f"{method}-{path}".replace("/", "-")
        parts.append(f'<section class="op" id="{esc(anchor)}">')
        parts.append(f"<h2><code>{esc(method.upper())} {esc(path)}</code></h2>")
        for key in ("summary", "description"):
            if op.get(key):
                parts.append(f"<p>{esc(op[key])}</p>")
        params = op.get("parameters", [])
        if params:
            parts.append("<h3>Parameters</h3><ul>")
            for p in params:
                parts.append(f"<li><code>{esc(p.get('name'))}</code> ({esc(p.get('in'))}): "
                             f"{esc(p.get('description', ''))} <code>{esc(json.dumps(p.get('schema', {})))}</code>"
                             "</li>")
            parts.append("</ul>")
        body = op.get("requestBody", {}).get("content", {})
        for ctype, media in body.items():
            parts.append(f"<h3>Request body ({esc(ctype)})</h3><pre>{esc(_schema_text(media.get('schema', {})))}"
                         "</pre>")
        parts.append("<h3>Responses</h3><ul>")
        for code, resp in op.get("responses", {}).items():
            types = ", ".join(resp.get("content", {}))
            parts.append(f"<li><code>{esc(code)}</code> {esc(resp.get('description', ''))}"
                         f"{' (' + esc(types) + ')' if types else ''}</li>")
        parts.append("</ul></section>")
    schemas = spec.get("components", {}).get("schemas", {})
    parts.append("<h2>Schemas</h2>")
    for name, schema in schemas.items():
        parts.append(f'<details id="schema-{esc(name)}"><summary><code>{esc(name)}</code></summary>'
                     f"<pre>{esc(_schema_text(schema))}</pre></details>")
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
