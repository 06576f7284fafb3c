// Parses Mermaid diagrams with Mermaid's own parser (mermaid.parse), in a plain Node process: mermaid is
// ESM-only, and its label sanitizer (DOMPurify) needs a DOM, which happy-dom provides.
// Input on stdin: a JSON array of diagram texts. Output on stdout: a JSON array of
// { ok: true, type } or { ok: false, error }.
import { Window } from "happy-dom";

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const diagrams = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
const results = [];
for (const text of diagrams) {
    try {
        const parsed = await mermaid.parse(text);
        results.push({ ok: true, type: parsed.diagramType });
    } catch (e) {
        results.push({ ok: false, error: String(e?.message ?? e) });
    }
}
process.stdout.write(JSON.stringify(results));
await window.happyDOM.close();
