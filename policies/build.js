// Compiles the pack's TypeScript to bin/ and records which sources it was built from, and a digest of what it built.
//
// `node build.js` compiles only when bin/ was built from other sources (or not at all); `--force` always compiles.
// The launcher (launch.js) asks the same question on every start, so the Pulumi CLI never runs a stale pack, and
// then checks bin/ against the digest recorded when it was built, so a bin/ patched after the build never runs.
// A published pack ships bin/ without its sources or tsconfig.json: there is nothing to compare, bin/ is the pack,
// and its recorded digest is still checked.
// `node build.js --bin-digest` prints the digest of bin/ as it is now (what deploy.yml computes with sha256sum).
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

const OUT_DIR = "bin";
const DIGEST_FILE = ".source-digest";
/** In bin/: the digest of every other file in bin/, written last by the build (see binManifest). */
const BIN_DIGEST_FILE = ".bin-digest";

/** Every input of the compiler: the pack's tsconfig.json and its .ts files (not bin/, node_modules/ or dot folders). */
function sourceFiles(packDir) {
    const found = [];
    const walk = (rel) => {
        for (const entry of fs.readdirSync(path.join(packDir, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (entry.name === "node_modules" || entry.name.startsWith(".") || child === OUT_DIR) continue;
                walk(child);
            } else if (entry.name.endsWith(".ts")) {
                found.push(child);
            }
        }
    };
    walk("");
    return ["tsconfig.json", ...found.sort()];
}

/** True when this folder holds the pack's sources (a checkout), false for a compiled-only (published) pack. */
function hasSources(packDir) {
    return fs.existsSync(path.join(packDir, "tsconfig.json"));
}

/** sha256 over the path and content of every source file, so a change, addition, removal or rename all count. */
function sourceDigest(packDir) {
    const hash = createHash("sha256");
    for (const rel of sourceFiles(packDir)) {
        hash.update(`${rel}\0`);
        hash.update(fs.readFileSync(path.join(packDir, rel)));
        hash.update("\0");
    }
    return hash.digest("hex");
}

function builtDigest(packDir) {
    const file = path.join(packDir, OUT_DIR, DIGEST_FILE);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/**
 * What bin/ holds: one line per regular file, `<sha256 hex>  <path relative to bin/>`, sorted by path (byte order),
 * every file but BIN_DIGEST_FILE. Exactly what `find . -type f ! -path ./.bin-digest | sed 's|^\./||' | LC_ALL=C sort |
 * xargs -d '\n' sha256sum` prints in bin/, so a workflow can check bin/ with coreutils alone, trusting no script of
 * the checkout. Throws on anything a file list cannot show faithfully: a symlink, a special file, a name with a
 * newline or a backslash (sha256sum escapes those).
 */
function binManifest(binDir) {
    const lines = [];
    const walk = (rel) => {
        for (const entry of fs.readdirSync(path.join(binDir, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (/[\n\\]/.test(child)) throw new Error(`${binDir}: file name ${JSON.stringify(child)} has a newline or a backslash`);
            if (entry.isDirectory()) walk(child);
            else if (!entry.isFile()) throw new Error(`${binDir}: '${child}' is not a regular file or a directory`);
            else if (child !== BIN_DIGEST_FILE) lines.push(child);
        }
    };
    walk("");
    return lines
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
        .map(
            (rel) =>
                `${createHash("sha256")
                    .update(fs.readFileSync(path.join(binDir, rel)))
                    .digest("hex")}  ${rel}\n`,
        )
        .join("");
}

/** sha256 of binManifest: `(cd bin && <the pipeline above> | sha256sum)`. */
function binDigest(binDir) {
    return createHash("sha256").update(binManifest(binDir)).digest("hex");
}

function recordedBinDigest(packDir) {
    const file = path.join(packDir, OUT_DIR, BIN_DIGEST_FILE);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/** Whether bin/ is what the sources compile to now (always true for a compiled-only pack), with its digest recorded. */
function isCurrent(packDir) {
    if (!hasSources(packDir)) return true;
    return builtDigest(packDir) === sourceDigest(packDir) && recordedBinDigest(packDir) !== undefined;
}

/**
 * Throws unless bin/ holds exactly what the build recorded: a file changed, added or removed after the build (by a
 * later script, a program, a hand edit) stops the pack from starting. Checked on every start, compiled-only packs too.
 */
function verifyBin(packDir) {
    const binDir = path.join(packDir, OUT_DIR);
    // A start that compiles swaps a whole new bin/ in (build); one read across a swap would mix two builds. Read
    // again when bin/ was replaced while it was read.
    for (let attempt = 1; ; attempt++) {
        const before = fs.existsSync(binDir) ? fs.statSync(binDir).ino : undefined;
        const recorded = recordedBinDigest(packDir);
        if (recorded === undefined)
            throw new Error(`policy pack ${packDir}: ${OUT_DIR}/${BIN_DIGEST_FILE} is missing: ${OUT_DIR}/ was not written by build.js`);
        let actual;
        try {
            actual = binDigest(binDir);
        } catch (e) {
            if (attempt < 3 && fs.statSync(binDir, { throwIfNoEntry: false })?.ino !== before) continue;
            throw new Error(`policy pack ${packDir}: ${OUT_DIR}/ cannot be checked: ${e.message}`, { cause: e });
        }
        if (actual === recorded) return;
        if (attempt < 3 && fs.statSync(binDir, { throwIfNoEntry: false })?.ino !== before) continue;
        throw new Error(
            `policy pack ${packDir}: ${OUT_DIR}/ was changed after it was built (its digest is ${actual}, the build recorded ${recorded}). ` +
                "Refusing to run it. Rebuild it from the sources: npm run build:policies",
        );
    }
}

/**
 * Type-checks and compiles the sources into a staging folder, records their digest, then swaps it in for bin/,
 * so that a pack starting at the same time never loads a half-written bin/. Throws with the compiler's output.
 */
function build(packDir) {
    const { execFileSync } = require("child_process");
    const digest = sourceDigest(packDir);
    const outDir = path.join(packDir, OUT_DIR);
    const staging = `${outDir}.build-${process.pid}`;
    let tsc;
    try {
        tsc = require.resolve("typescript/bin/tsc", { paths: [packDir] });
    } catch {
        throw new Error(`cannot compile the policy pack in ${packDir}: typescript is not installed (run npm ci at the repository root)`);
    }
    try {
        execFileSync(process.execPath, [tsc, "-p", path.join(packDir, "tsconfig.json"), "--outDir", staging], { stdio: "pipe" });
    } catch (e) {
        fs.rmSync(staging, { recursive: true, force: true });
        const out = `${e.stdout || ""}${e.stderr || ""}`.trim();
        throw new Error(`the policy pack in ${packDir} does not compile:\n${out || e.message}`, { cause: e });
    }
    fs.writeFileSync(path.join(staging, DIGEST_FILE), `${digest}\n`);
    // Last: the digest covers every file the build wrote, the source digest included.
    fs.writeFileSync(path.join(staging, BIN_DIGEST_FILE), `${binDigest(staging)}\n`);
    const retired = `${outDir}.old-${process.pid}`;
    try {
        if (fs.existsSync(outDir)) fs.renameSync(outDir, retired);
        fs.renameSync(staging, outDir);
    } catch (e) {
        // Another start compiled the same sources at the same time and swapped its bin/ in first: keep that one.
        fs.rmSync(staging, { recursive: true, force: true });
        if (!isCurrent(packDir)) throw e;
    } finally {
        fs.rmSync(retired, { recursive: true, force: true });
    }
}

/** Compiles when bin/ is stale; `log` hears why. Returns whether it compiled. */
function ensureBuilt(packDir, log) {
    if (isCurrent(packDir)) return false;
    const why =
        builtDigest(packDir) === undefined || recordedBinDigest(packDir) === undefined
            ? "has not been compiled"
            : "was compiled from other sources than the ones there now";
    log(`policy pack ${packDir} ${why}: compiling it (npm run build:policies)...`);
    build(packDir);
    return true;
}

module.exports = { OUT_DIR, DIGEST_FILE, BIN_DIGEST_FILE, sourceFiles, sourceDigest, binManifest, binDigest, isCurrent, verifyBin, build, ensureBuilt };

if (require.main === module) {
    const packDir = __dirname;
    try {
        if (process.argv.includes("--bin-digest")) process.stdout.write(`${binDigest(path.join(packDir, OUT_DIR))}\n`);
        else if (process.argv.includes("--force")) build(packDir);
        else if (!ensureBuilt(packDir, (line) => console.error(line))) console.error(`policy pack ${packDir}: bin/ is up to date with its sources`);
    } catch (e) {
        console.error(`error: ${e.message}`);
        process.exitCode = 1;
    }
}
