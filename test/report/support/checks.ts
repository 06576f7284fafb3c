import { spawnSync } from "child_process";
import * as path from "path";
import { Worker } from "worker_threads";
import { type CliRun, runMain } from "../../support/cliInProcess";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "report");
export const TODAY = "2026-11-29";

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
    return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

type MermaidResult = { ok: boolean; type?: string; error?: string };

let mermaidWorker: Worker | undefined;
const pending = new Map<number, { resolve: (results: MermaidResult[]) => void; reject: (e: Error) => void }>();
let nextId = 0;
afterAll(() => mermaidWorker?.terminate());

/**
 * Parses diagrams with Mermaid's real parser, in a worker thread loaded once per test file: mermaid is ESM-only
 * (jest's CommonJS runtime cannot import it) and needs a DOM, which happy-dom gives the worker.
 */
export function parseMermaid(diagrams: string[]): Promise<MermaidResult[]> {
    if (!mermaidWorker) {
        const worker = new Worker(path.join(__dirname, "mermaidParse.mjs"));
        worker.on("message", ({ id, results }: { id: number; results: MermaidResult[] }) => {
            pending.get(id)?.resolve(results);
            pending.delete(id);
        });
        worker.on("error", (e) => {
            for (const p of pending.values()) p.reject(e);
            pending.clear();
            mermaidWorker = undefined;
        });
        mermaidWorker = worker;
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        mermaidWorker!.postMessage({ id, diagrams });
    });
}

interface Token {
    type: string;
    header?: { text: string }[];
    rows?: { text: string }[][];
    tokens?: Token[];
    items?: { tokens: Token[] }[];
}

function markedUmd(): { Lexer: new (o: object) => { lex(md: string): Token[] }; marked: { parse(md: string, o: object): string } } {
    // marked ships ESM and UMD; the UMD build loads under jest's CommonJS runtime.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(path.dirname(require.resolve("marked/package.json")), "lib", "marked.umd.js"));
}

/** The HTML a GFM renderer (marked) makes of the Markdown. */
export function gfmHtml(markdown: string): string {
    return markedUmd().marked.parse(markdown, { gfm: true, async: false });
}

/** Tables as a real GFM parser (marked, gfm on) reads them, in document order, nested ones included. */
export function gfmTables(markdown: string): { header: string[]; rows: string[][] }[] {
    const { Lexer } = markedUmd();
    const tokens: Token[] = new Lexer({ gfm: true }).lex(markdown);
    const tables: { header: string[]; rows: string[][] }[] = [];
    const walk = (list: Token[]) => {
        for (const t of list) {
            if (t.type === "table") tables.push({ header: t.header!.map((h) => h.text), rows: t.rows!.map((r) => r.map((c) => c.text)) });
            if (t.tokens) walk(t.tokens);
            if (t.items) for (const i of t.items) walk(i.tokens);
        }
    };
    walk(tokens);
    return tables;
}

/** Lines that look like table rows (start and end with `|`): each must belong to a table marked found. */
export function tableLikeLines(markdown: string): number {
    return markdown.split("\n").filter((l) => /^\|.*\|$/.test(l) && !/^\|( --- \|)+$/.test(l)).length;
}

/** `npm run report` / `npm run audit` with these arguments, run in this process as their bins run them. */
export function cli(script: "report" | "audit", args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require(`../../../tools/${script}/cli`) as { main(argv: string[]): Promise<number> };
    return runMain(main, args, env);
}

/** The command line as a user runs it, in its own process (bin/<script>.js). */
export function runCli(script: "report" | "audit", args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
    const res = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", `${script}.js`), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, RESIDENCY_POLICY_TODAY: TODAY, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
    });
    return { status: res.status ?? -1, stdout: res.stdout.toString("utf8"), stderr: res.stderr.toString("utf8") };
}
