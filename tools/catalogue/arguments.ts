import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { SdkType } from "./sdkTypes";

/** One input argument of a resource type, at any depth: `accessLogs.bucket`, with its doc comment. */
export interface Argument {
    path: string;
    /** The last segment of the path. */
    name: string;
    doc: string;
}

interface Member {
    name: string;
    doc: string;
    /** The `inputs.<ns>.<Name>` types its type refers to. */
    refs: string[];
}

const INPUT_REF = /\binputs\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)/g;

function docOf(node: ts.Node, source: ts.SourceFile): string {
    const text = source.text;
    const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
    return ranges
        .map((r) => text.slice(r.pos, r.end))
        .filter((c) => c.startsWith("/**"))
        .map((c) =>
            c
                .replace(/^\/\*\*|\*\/$/g, "")
                .split("\n")
                .map((l) => l.replace(/^\s*\* ?/, "").trim())
                .filter((l) => l !== "")
                .join(" "),
        )
        .join(" ");
}

function membersOf(decl: ts.InterfaceDeclaration, source: ts.SourceFile): Member[] {
    const out: Member[] = [];
    for (const m of decl.members) {
        if (!ts.isPropertySignature(m) || !m.type) continue;
        const name = m.name.getText(source).replace(/^["']|["']$/g, "");
        const refs = [...m.type.getText(source).matchAll(INPUT_REF)].map((x) => x[1]);
        out.push({ name, doc: docOf(m, source), refs });
    }
    return out;
}

const parsed = new Map<string, ReadonlyMap<string, Member[]>>();

/** Every interface of a package's `types/input.d.ts`, by `<namespace>.<Name>` (or `<Name>` at the top level). */
function inputTypes(pkgDir: string): ReadonlyMap<string, Member[]> {
    const file = path.join(pkgDir, "types", "input.d.ts");
    let types = parsed.get(file);
    if (types) return types;
    const found = new Map<string, Member[]>();
    if (fs.existsSync(file)) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node, ns: string) => {
            if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
                const name = ns === "" ? node.name.text : `${ns}.${node.name.text}`;
                for (const s of node.body.statements) visit(s, name);
            } else if (ts.isInterfaceDeclaration(node)) {
                found.set(ns === "" ? node.name.text : `${ns}.${node.name.text}`, membersOf(node, source));
            }
        };
        for (const s of source.statements) visit(s, "");
    }
    types = found;
    parsed.set(file, types);
    return types;
}

const MAX_DEPTH = 8;

/**
 * Every input argument of a resource type: the members of its `<Name>Args` interface, and the members of
 * each `inputs.*` type they hold, to any depth (a type already on the path is not entered again).
 */
export function argumentsOf(pkgDir: string, type: SdkType): Argument[] {
    const dts = path.join(pkgDir, type.file.replace(/\.js$/, ".d.ts"));
    if (!fs.existsSync(dts)) return [];
    const source = ts.createSourceFile(dts, fs.readFileSync(dts, "utf8"), ts.ScriptTarget.Latest, true);
    const args = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text.endsWith("Args"));
    if (!args) return [];
    const types = inputTypes(pkgDir);
    const out: Argument[] = [];
    const walk = (members: Member[], prefix: string, onPath: readonly string[]) => {
        for (const m of members) {
            const p = prefix === "" ? m.name : `${prefix}.${m.name}`;
            out.push({ path: p, name: m.name, doc: m.doc });
            if (onPath.length >= MAX_DEPTH) continue;
            for (const ref of m.refs) {
                const nested = types.get(ref);
                if (nested && !onPath.includes(ref)) walk(nested, p, [...onPath, ref]);
            }
        }
    };
    walk(membersOf(args, source), "", []);
    return out;
}
