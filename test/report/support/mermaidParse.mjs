// Parses Mermaid diagrams with Mermaid's own parser (mermaid.parse), in a worker thread of the test: mermaid is
// ESM-only, and its label sanitizer (DOMPurify) needs a DOM, which happy-dom provides. Loaded once per worker:
// each message { id, diagrams } (diagram texts) is answered with { id, results }, each { ok: true, type } or
// { ok: false, error }.
import { parentPort } from "node:worker_threads";
import { Window } from "happy-dom";

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

parentPort.on("message", async ({ id, diagrams }) => {
    const results = [];
    for (const text of diagrams) {
        try {
            const parsed = await mermaid.parse(text);
            results.push({ ok: true, type: parsed.diagramType });
        } catch (e) {
            results.push({ ok: false, error: String(e?.message ?? e) });
        }
    }
    parentPort.postMessage({ id, results });
});
