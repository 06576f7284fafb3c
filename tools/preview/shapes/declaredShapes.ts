/**
 * The declared shapes of a program's provider SDKs: for a resource type token, the outputs its class declares
 * (`readonly foo: pulumi.Output<T>` in the class's `.d.ts`); for an invoke token, its result interface
 * (`GetXResult`); and the interfaces they reference in `types/output.d.ts`. Read lazily, one file at a time, and
 * cached: a preview reads only the files of the types it meets.
 *
 * The files come from the program's `node_modules`: a pull request controls them. Every file read is a regular file
 * inside its package's real directory, within a size limit and a total budget; every lookup is a bounded `indexOf`
 * and the parse is one bounded pass (`dtsTypes.ts`). A file or shape that cannot be read is an answer with a reason
 * (the caller makes the values unknown), never an exception.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Field, importAliases, isIdentifier, parseMembers, ParseLimits, DEFAULT_PARSE_LIMITS } from "./dtsTypes";

export interface ShapeLimits extends ParseLimits {
    /** A class's or an invoke's own `.d.ts`, and a module's `index.js`. */
    maxDeclarationFileBytes: number;
    /** A package's `types/output.d.ts` (about 5.6 MB for @pulumi/aws 7.48, 12.8 MB for @pulumi/oci 4.20). */
    maxTypesFileBytes: number;
    /** Everything one reader may read, over all files. */
    maxTotalBytes: number;
    /** One class or interface body. */
    maxBlockChars: number;
}

export const DEFAULT_SHAPE_LIMITS: ShapeLimits = {
    ...DEFAULT_PARSE_LIMITS,
    maxDeclarationFileBytes: 4 * 1024 * 1024,
    maxTypesFileBytes: 48 * 1024 * 1024,
    maxTotalBytes: 256 * 1024 * 1024,
    maxBlockChars: 2 * 1024 * 1024,
};

export type Declared = { ok: true; fields: Field[]; file: string } | { ok: false; reason: string };

/** What the reader has done: for the report and the bench. */
export interface ShapeStats {
    filesRead: number;
    bytesRead: number;
    blocksParsed: number;
    /** Time spent reading and parsing, in ms. */
    ms: number;
}

/** Token parts: `aws:s3/bucket:Bucket` → pkg aws, module s3/bucket, member Bucket. */
export function splitToken(token: string): { pkg: string; module: string; member: string } | undefined {
    if (token.length > 512) return undefined;
    const first = token.indexOf(":");
    const last = token.lastIndexOf(":");
    if (first <= 0 || last <= first + 1 || last === token.length - 1) return undefined;
    return { pkg: token.slice(0, first), module: token.slice(first + 1, last), member: token.slice(last + 1) };
}

const isPathSegment = (s: string) => s !== "" && s !== "." && s !== ".." && isIdentifier(s.replace(/-/g, "_"));

/** The package names a provider's token may come from (the npm package of a generated SDK). */
function packageNamesOf(pkg: string): string[] {
    return [`@pulumi/${pkg}`, `@pulumiverse/${pkg}`];
}

/**
 * A package's `types/output.d.ts`, scanned forward only as far as the namespaces asked for so far: where each
 * top-level namespace lies, and the text of those read.
 */
interface TypesFile {
    real: string;
    size: number;
    /** Top-level `export declare namespace X {` → its byte range; "" is the part before the first namespace. */
    namespaces: Map<string, { start: number; end: number }>;
    /** The namespace whose start was seen and whose end (the next one's start) was not yet. */
    open: { name: string; start: number };
    /** Where the scan goes on from. */
    scannedTo: number;
    /** Namespace lines seen by bisection probes: offset → name. */
    markers: Map<number, string>;
    /** The bytes of each namespace read so far: searched as bytes, decoded only where an interface is. */
    bytes: Map<string, Buffer>;
}

/** Bytes kept between chunks while indexing, so that a marker and its name are never split. */
const CHUNK_OVERLAP = 512;
const NAMESPACE_MARKER = Buffer.from("\nexport declare namespace ", "latin1");

export class DeclaredShapes {
    private readonly limits: ShapeLimits;
    private readonly packageRoots = new Map<string, { root: string; real: string } | undefined>();
    private readonly texts = new Map<string, string | { error: string }>();
    private readonly typesFiles = new Map<string, TypesFile | { error: string }>();
    private readonly blocks = new Map<string, Declared>();
    private readonly aliasCache = new Map<string, Map<string, string>>();
    private totalBytes = 0;
    readonly stats: ShapeStats = { filesRead: 0, bytesRead: 0, blocksParsed: 0, ms: 0 };

    constructor(
        readonly programDir: string,
        limits: Partial<ShapeLimits> = {},
    ) {
        this.limits = { ...DEFAULT_SHAPE_LIMITS, ...limits };
    }

    /** The outputs a resource class declares (without `id` and `urn`, which every resource has). */
    resourceOutputs(token: string): Declared {
        return this.timed(() => {
            const parts = splitToken(token);
            if (!parts) return unread(`'${token.slice(0, 80)}' is not a type token`);
            if (!isIdentifier(parts.member)) return unread(`'${parts.member.slice(0, 80)}' is not a class name`);
            const header = `\nexport declare class ${parts.member} extends `;
            const file = this.declarationFile(parts, header);
            if (typeof file !== "string") return file;
            return this.block(file, header, true);
        });
    }

    /** The fields of an invoke's result (`interface GetXResult` beside `function getX`). */
    invokeResult(token: string): Declared {
        return this.timed(() => {
            const parts = splitToken(token);
            if (!parts) return unread(`'${token.slice(0, 80)}' is not an invoke token`);
            if (!isIdentifier(parts.member)) return unread(`'${parts.member.slice(0, 80)}' is not a function name`);
            const header = `\nexport interface ${parts.member.charAt(0).toUpperCase() + parts.member.slice(1)}Result {`;
            const file = this.declarationFile(parts, header);
            if (typeof file !== "string") return file;
            return this.block(file, header, false);
        });
    }

    /** The fields of an interface a declaration references (`outputs.s3.BucketCorsRule`). */
    interfaceFields(file: string, names: string[]): Declared {
        return this.timed(() => {
            const key = `${file}\0${names.join(".")}`;
            const cached = this.blocks.get(key);
            if (cached) return cached;
            const found = this.findInterface(file, names);
            this.blocks.set(key, found);
            return found;
        });
    }

    private timed(fn: () => Declared): Declared {
        const t0 = performance.now();
        try {
            return fn();
        } catch (e) {
            // A file that changed under us, a permission error: the shape is unread, the preview goes on.
            return unread(`reading the declaration failed: ${(e as Error).message.slice(0, 200)}`);
        } finally {
            this.stats.ms += performance.now() - t0;
        }
    }

    /** The package directory Node would load `@pulumi/<pkg>` from, walking up from the program's directory. */
    private packageRoot(pkg: string): { root: string; real: string } | undefined {
        if (this.packageRoots.has(pkg)) return this.packageRoots.get(pkg);
        let found: { root: string; real: string } | undefined;
        if (isPathSegment(pkg)) {
            search: for (let dir = path.resolve(this.programDir); ; dir = path.dirname(dir)) {
                for (const name of packageNamesOf(pkg)) {
                    const root = path.join(dir, "node_modules", name);
                    try {
                        if (fs.statSync(path.join(root, "package.json")).isFile()) {
                            found = { root, real: fs.realpathSync(root) };
                            break search;
                        }
                    } catch {
                        // not here: keep walking up
                    }
                }
                if (path.dirname(dir) === dir) break;
            }
        }
        this.packageRoots.set(pkg, found);
        return found;
    }

    /**
     * The `.d.ts` that declares `header` for a token's member: by the generator's file naming, else by the
     * module's index.js (some file names differ from the token: `aws:kendra/index:Index` is in `kendra/index_.js`).
     */
    private declarationFile(parts: { pkg: string; module: string; member: string }, header: string): string | Declared {
        const pkg = this.packageRoot(parts.pkg);
        if (!pkg) return unread(`no SDK for package '${parts.pkg.slice(0, 64)}' is installed where the program resolves its packages`);
        const slash = parts.module.lastIndexOf("/");
        const dirPart = slash < 0 ? "index" : parts.module.slice(0, slash);
        const filePart = slash < 0 ? parts.module : parts.module.slice(slash + 1);
        const segments = dirPart === "index" ? [] : dirPart.toLowerCase().split("/");
        if (!segments.every(isPathSegment) || !isPathSegment(filePart)) return unread(`'${parts.module.slice(0, 80)}' is not a module this reader can place`);
        const dir = path.join(pkg.root, ...segments);
        const declares = (file: string) => {
            const text = this.readText(file, pkg.real, this.limits.maxDeclarationFileBytes);
            return typeof text === "string" && (text.startsWith(header.slice(1)) || text.indexOf(header) >= 0);
        };
        const byName = path.join(dir, `${filePart}.d.ts`);
        if (declares(byName)) return byName;
        const index = this.readText(path.join(dir, "index.js"), pkg.real, this.limits.maxDeclarationFileBytes);
        const missing = unread(`no declaration of '${parts.member}' in '${dirPart}' of the installed SDK`);
        if (typeof index !== "string") return missing;
        const load = index.indexOf(`lazyLoad(exports, ["${parts.member}"`);
        const req = load < 0 ? -1 : index.indexOf('require("./', load);
        const close = req < 0 ? -1 : index.indexOf('")', req);
        if (close < 0 || close - req > 300) return missing;
        const rel = index.slice(req + 'require("./'.length, close);
        if (!isPathSegment(rel)) return missing;
        const fromIndex = path.join(dir, `${rel}.d.ts`);
        return declares(fromIndex) ? fromIndex : missing;
    }

    /** The real path of a regular file inside the package, within `maxBytes` and the reader's budget; or why not. */
    private checkedFile(file: string, packageReal: string, maxBytes: number, countRead = true): { real: string; size: number } | { error: string } {
        const real = fs.realpathSync(file);
        const st = fs.statSync(real);
        if (real !== packageReal && !real.startsWith(packageReal + path.sep)) return { error: `'${path.basename(file)}' is outside its package` };
        if (!st.isFile() || st.size === 0) return { error: `'${path.basename(file)}' is not a regular file` };
        if (st.size > maxBytes) return { error: `'${path.basename(file)}' is larger than ${maxBytes} bytes` };
        if (this.totalBytes + st.size > this.limits.maxTotalBytes) return { error: `the declarations read exceed ${this.limits.maxTotalBytes} bytes` };
        this.totalBytes += st.size;
        this.stats.filesRead++;
        if (countRead) this.stats.bytesRead += st.size;
        return { real, size: st.size };
    }

    /** Reads `[start, end)` of a file as latin1 (names are ASCII; a literal is decoded where it is used). */
    private readRange(real: string, start: number, end: number): string {
        const fd = fs.openSync(real, "r");
        try {
            const buf = Buffer.allocUnsafe(end - start);
            const n = fs.readSync(fd, buf, 0, end - start, start);
            return buf.toString("latin1", 0, n);
        } finally {
            fs.closeSync(fd);
        }
    }

    private readText(file: string, packageReal: string, maxBytes: number): string | { error: string } {
        const cached = this.texts.get(file);
        if (cached !== undefined) return cached;
        let result: string | { error: string };
        try {
            const checked = this.checkedFile(file, packageReal, maxBytes);
            // Never more than the size checked, whatever the file does meanwhile.
            result = "error" in checked ? checked : this.readRange(checked.real, 0, checked.size);
        } catch (e) {
            result = { error: `'${path.basename(file)}' cannot be read: ${(e as NodeJS.ErrnoException).code ?? "error"}` };
        }
        this.texts.set(file, result);
        return result;
    }

    private packageRealOf(file: string): string | undefined {
        for (const pkg of this.packageRoots.values()) {
            if (pkg && (file === pkg.root || file.startsWith(pkg.root + path.sep))) return pkg.real;
        }
        return undefined;
    }

    /** The files a declaration file's import aliases name (`outputs` → `<pkg>/types/output.d.ts`), inside its package. */
    private aliasesOf(file: string, text: string): Map<string, string> {
        const cached = this.aliasCache.get(file);
        if (cached) return cached;
        const aliases = new Map<string, string>();
        const pkgRoot = [...this.packageRoots.values()].find((p) => p && file.startsWith(p.root + path.sep))?.root;
        for (const [alias, spec] of importAliases(text)) {
            if (!spec.startsWith("./") && !spec.startsWith("../")) continue;
            const target = path.resolve(path.dirname(file), `${spec}.d.ts`);
            if (pkgRoot && target.startsWith(pkgRoot + path.sep)) aliases.set(alias, target);
        }
        this.aliasCache.set(file, aliases);
        return aliases;
    }

    /** The top-level declaration `header { ... }` of a file, parsed; cached per file and header. */
    private block(file: string, header: string, classBody: boolean): Declared {
        const key = `${file}\0${header}`;
        const cached = this.blocks.get(key);
        if (cached) return cached;
        const result = this.parseBlock(file, header, classBody);
        this.blocks.set(key, result);
        return result;
    }

    private parseBlock(file: string, header: string, classBody: boolean): Declared {
        const real = this.packageRealOf(file);
        if (!real) return unread(`'${path.basename(file)}' is outside the program's packages`);
        const text = this.readText(file, real, this.limits.maxDeclarationFileBytes);
        if (typeof text !== "string") return unread(text.error);
        const at = text.startsWith(header.slice(1)) ? 0 : text.indexOf(header);
        if (at < 0) return unread(`'${path.basename(file)}' declares no '${header.trim()}'`);
        return this.parseBody(file, text, at, "\n}", classBody, this.aliasesOf(file, text));
    }

    /** Parses `{ ... }` that starts on the line at `at` and ends at the first `closer` after it. */
    private parseBody(file: string, text: string, at: number, closer: string, classBody: boolean, aliases: Map<string, string>): Declared {
        const eol = text.indexOf("\n", at + 1);
        const open = text.indexOf("{", at + 1);
        if (open < 0 || (eol >= 0 && open > eol)) return unread(`'${path.basename(file)}': the declaration does not open on its line`);
        const end = text.indexOf(closer, open);
        if (end < 0) return unread(`'${path.basename(file)}': the declaration does not close`);
        if (end - open > this.limits.maxBlockChars)
            return unread(`'${path.basename(file)}': a declaration is larger than ${this.limits.maxBlockChars} characters`);
        const fields = parseMembers(text, open + 1, end, { classBody, aliases, limits: this.limits });
        this.stats.blocksParsed++;
        if (!fields) return unread(`'${path.basename(file)}': a declaration has more than ${this.limits.maxTokens} tokens`);
        return { ok: true, fields, file };
    }

    private typesFile(file: string): TypesFile | { error: string } {
        const cached = this.typesFiles.get(file);
        if (cached) return cached;
        let result: TypesFile | { error: string };
        try {
            const real = this.packageRealOf(file);
            const checked = real
                ? this.checkedFile(file, real, this.limits.maxTypesFileBytes, false)
                : { error: `'${path.basename(file)}' is outside the program's packages` };
            result =
                "error" in checked
                    ? checked
                    : {
                          real: checked.real,
                          size: checked.size,
                          namespaces: new Map(),
                          open: { name: "", start: 0 },
                          scannedTo: 0,
                          markers: new Map(),
                          bytes: new Map(),
                      };
        } catch (e) {
            result = { error: `'${path.basename(file)}' cannot be read: ${(e as NodeJS.ErrnoException).code ?? "error"}` };
        }
        this.typesFiles.set(file, result);
        return result;
    }

    /**
     * Scans a types file for top-level namespace lines, 1 MB at a time, from where the last scan stopped until
     * `name`'s range is known (or the file ends): a preview reads only as far as the namespaces it needs (the
     * 12.8 MB of @pulumi/oci's is never held whole). One pass over the file in all.
     */
    private scanTo(types: TypesFile, name: string): void {
        if (types.namespaces.has(name) || types.scannedTo >= types.size) return;
        const fd = fs.openSync(types.real, "r");
        try {
            const chunk = Buffer.allocUnsafe(1024 * 1024);
            while (!types.namespaces.has(name) && types.scannedTo < types.size) {
                const pos = types.scannedTo;
                const got = fs.readSync(fd, chunk, 0, Math.min(chunk.length, types.size - pos), pos);
                const last = got <= 0 || pos + got >= types.size;
                // A marker that starts in the overlap is read with the next chunk.
                const limit = last ? Math.max(got, 0) : got - CHUNK_OVERLAP;
                for (let at = chunk.indexOf(NAMESPACE_MARKER); at >= 0 && at < limit; at = chunk.indexOf(NAMESPACE_MARKER, at + 1)) {
                    const nameStart = at + NAMESPACE_MARKER.length;
                    const nameEnd = chunk.indexOf(" {", nameStart, "latin1");
                    const found = nameEnd < 0 || nameEnd > got || nameEnd - nameStart > 256 ? "" : chunk.toString("latin1", nameStart, nameEnd);
                    this.closeNamespace(types, pos + at);
                    types.open = { name: found, start: pos + at };
                }
                this.stats.bytesRead += Math.max(limit, 0);
                types.scannedTo = last || limit <= 0 ? types.size : pos + limit;
                if (types.scannedTo >= types.size) this.closeNamespace(types, types.size);
            }
        } finally {
            fs.closeSync(fd);
        }
    }

    /**
     * The generators write a types file's namespaces sorted by name (code-unit order, as `<` compares), so a
     * namespace is found by bisecting the file's byte range: a probe reads forward from the middle to the next
     * namespace line, a few kilobytes on average, and halves the range. Each probe leaves the target's range in
     * `[lo, hi)`, which halves or passes the probe, so a probe never reads past `hi` and there are at most ~64.
     * When the order does not hold (a hand-written or hostile file), it finds nothing and `scanTo` reads on
     * forward as before: the answer is the same, only slower.
     */
    private bisect(types: TypesFile, name: string): void {
        const fd = fs.openSync(types.real, "r");
        try {
            const chunk = Buffer.allocUnsafe(16 * 1024);
            if (name === "") {
                // The file's head, before its first namespace: its imports and root-level interfaces.
                const first = this.markerAfter(types, fd, chunk, 0, types.size);
                types.namespaces.set("", { start: 0, end: first ? first.at : types.size });
                return;
            }
            // Namespace lines earlier probes saw narrow the range (or are the one asked for).
            let start: number | undefined;
            let lo = 0;
            let hi = types.size;
            for (const [at, seen] of types.markers) {
                if (seen === name) start = at;
                else if (seen < name) lo = Math.max(lo, at + 1);
                else hi = Math.min(hi, at);
            }
            for (let probes = 0; probes < 64 && start === undefined && lo < hi; probes++) {
                const mid = lo + Math.floor((hi - lo) / 2);
                const marker = this.markerAfter(types, fd, chunk, mid, hi);
                if (!marker) hi = mid;
                else if (marker.name === name) start = marker.at;
                else if (marker.name < name) lo = marker.at + 1;
                else hi = mid;
            }
            if (start === undefined) return;
            const next = this.markerAfter(types, fd, chunk, start + 1, types.size);
            types.namespaces.set(name, { start, end: next ? next.at : types.size });
        } finally {
            fs.closeSync(fd);
        }
    }

    /** The first namespace line starting in `[from, to)`: its name and offset, read forward in chunks. */
    private markerAfter(types: TypesFile, fd: number, chunk: Buffer, from: number, to: number): { name: string; at: number } | undefined {
        const size = types.size;
        for (let pos = from; pos < to;) {
            const got = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - pos), pos);
            if (got <= 0) return undefined;
            this.stats.bytesRead += got;
            const last = pos + got >= size;
            const limit = last ? got : got - CHUNK_OVERLAP;
            const at = chunk.indexOf(NAMESPACE_MARKER);
            if (at >= 0 && at < limit) {
                if (pos + at >= to) return undefined;
                const nameStart = at + NAMESPACE_MARKER.length;
                const nameEnd = chunk.indexOf(" {", nameStart, "latin1");
                const name = nameEnd < 0 || nameEnd > got || nameEnd - nameStart > 256 ? "" : chunk.toString("latin1", nameStart, nameEnd);
                if (types.markers.size < 100_000) types.markers.set(pos + at, name);
                return { name, at: pos + at };
            }
            if (last || limit <= 0) return undefined;
            pos += limit;
        }
        return undefined;
    }

    private closeNamespace(types: TypesFile, end: number): void {
        const { name, start } = types.open;
        if ((name === "" || isIdentifier(name)) && !types.namespaces.has(name)) types.namespaces.set(name, { start, end });
    }

    private namespaceBytes(types: TypesFile, name: string): Buffer | undefined {
        const cached = types.bytes.get(name);
        if (cached !== undefined) return cached;
        if (!types.namespaces.has(name)) this.bisect(types, name);
        this.scanTo(types, name);
        const range = types.namespaces.get(name);
        if (!range) return undefined;
        const fd = fs.openSync(types.real, "r");
        let bytes: Buffer;
        try {
            bytes = Buffer.allocUnsafe(range.end - range.start);
            bytes = bytes.subarray(0, fs.readSync(fd, bytes, 0, bytes.length, range.start));
        } finally {
            fs.closeSync(fd);
        }
        this.stats.bytesRead += bytes.length;
        types.bytes.set(name, bytes);
        return bytes;
    }

    /**
     * `outputs.s3.BucketCorsRule` in `types/output.d.ts`: the top-level namespace, nested namespaces, then the
     * interface. The generator indents each level by four spaces, so a block opened at one indent closes at the
     * first line with `}` at that indent.
     */
    private findInterface(file: string, names: string[]): Declared {
        if (names.length === 0 || names.length > 8 || !names.every(isIdentifier)) return unread("not an interface name");
        const types = this.typesFile(file);
        if ("error" in types) return unread(types.error);
        const name = names[names.length - 1];
        const head = this.namespaceBytes(types, "");
        const aliases = this.aliasCache.get(file) ?? this.aliasesOf(file, head ? head.toString("latin1") : "");
        const bytes = names.length === 1 ? head : this.namespaceBytes(types, names[0]);
        if (bytes === undefined) return unread(`no namespace '${names[0]}' in '${path.basename(file)}'`);
        let from = 0;
        let to = bytes.length;
        let indent = "    ";
        let header = `\nexport interface ${name} {`;
        let closer = "\n}";
        if (names.length > 1) {
            for (const ns of names.slice(1, -1)) {
                const at = bytes.indexOf(`\n${indent}namespace ${ns} {`, from, "latin1");
                if (at < 0 || at >= to) return unread(`no namespace '${ns}'`);
                const close = bytes.indexOf(`\n${indent}}`, at + 1, "latin1");
                from = at;
                to = close < 0 ? to : Math.min(to, close);
                indent += "    ";
            }
            header = `\n${indent}interface ${name} {`;
            closer = `\n${indent}}`;
        }
        const at = bytes.indexOf(header, from, "latin1");
        if (at < 0 || at >= to) return unread(`no interface '${names.join(".")}'`);
        const end = bytes.indexOf(closer, at + 1, "latin1");
        if (end < 0) return unread(`'${path.basename(file)}': '${name}' does not close`);
        if (end - at > this.limits.maxBlockChars)
            return unread(`'${path.basename(file)}': a declaration is larger than ${this.limits.maxBlockChars} characters`);
        // Only the interface is decoded (latin1: one byte per character, as every file is read).
        return this.parseBody(file, bytes.toString("latin1", at, end + closer.length), 0, closer, false, aliases);
    }
}

function unread(reason: string): Declared {
    return { ok: false, reason };
}
