/**
 * The program's TypeScript files, as the parent finds them to transpile (transpileFill.ts): from the entry, through
 * relative imports (`import`, `export ... from`, `require`), breadth first, inside the given roots and outside
 * node_modules, within a budget. A file it misses is transpiled by the program itself.
 */
import * as fs from "fs";
import * as path from "path";
import type * as ts from "typescript";

const MAX_FILES = 2000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];

export const isFile = (p: string) => {
    try {
        return fs.statSync(p).isFile();
    } catch {
        return false;
    }
};

function within(file: string, roots: string[]): boolean {
    return !file.split(path.sep).includes("node_modules") && roots.some((r) => file === r || file.startsWith(r + path.sep));
}

/** The TypeScript file a relative import names, as Node (with ts-node) would find it, or undefined. */
function resolveImport(from: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(from), specifier);
    const candidates = [
        ...(TS_EXTENSIONS.includes(path.extname(base)) ? [base] : []),
        ...TS_EXTENSIONS.map((e) => base + e),
        ...TS_EXTENSIONS.map((e) => path.join(base, `index${e}`)),
    ];
    const js = /\.(m|c)?js$/.exec(base);
    if (js) candidates.push(base.slice(0, -js[0].length) + `.${js[1] ?? ""}ts`, base.slice(0, -js[0].length) + ".tsx");
    return candidates.find(isFile);
}

export function programSources(tsc: typeof ts, pwd: string, entry: string, roots: string[]): { file: string; source: string }[] {
    const seeds: string[] = [];
    const main = path.resolve(pwd, entry);
    if (isFile(main)) seeds.push(main);
    else {
        try {
            const pkgMain = JSON.parse(fs.readFileSync(path.join(main, "package.json"), "utf8")).main;
            if (typeof pkgMain === "string") seeds.push(...[resolveImport(path.join(main, "x"), `./${pkgMain}`)].filter((f): f is string => !!f));
        } catch {
            // no package.json main
        }
        seeds.push(...TS_EXTENSIONS.map((e) => path.join(main, `index${e}`)).filter(isFile));
    }
    const realRoots = roots.map((r) => fs.realpathSync(r));
    const out: { file: string; source: string }[] = [];
    const seen = new Set<string>();
    const queue = [...seeds];
    let total = 0;
    while (queue.length > 0 && out.length < MAX_FILES) {
        const file = queue.shift()!;
        if (seen.has(file)) continue;
        seen.add(file);
        let real: string;
        try {
            real = fs.realpathSync(file);
        } catch {
            continue;
        }
        if (!within(real, realRoots) || !TS_EXTENSIONS.includes(path.extname(file)) || file.endsWith(".d.ts")) continue;
        const size = fs.statSync(real).size;
        if (size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES) continue;
        const source = fs.readFileSync(real, "utf8");
        total += size;
        out.push({ file, source });
        for (const imported of tsc.preProcessFile(source, true, true).importedFiles) {
            if (!imported.fileName.startsWith(".")) continue;
            const target = resolveImport(file, imported.fileName);
            if (target && !seen.has(target)) queue.push(target);
        }
    }
    return out;
}
