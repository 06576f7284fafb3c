// Compiles the pack's TypeScript to bin/ and records which sources it was built from.
//
// `node build.js` compiles only when bin/ was built from other sources (or not at all); `--force` always compiles.
// The launcher (launch.js) asks the same question on every start, so the Pulumi CLI never runs a stale pack.
// A published pack ships bin/ without its sources or tsconfig.json: there is nothing to compare, bin/ is the pack.
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

const OUT_DIR = "bin";
const DIGEST_FILE = ".source-digest";

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

/** Whether bin/ is what the sources compile to now (always true for a compiled-only pack). */
function isCurrent(packDir) {
    return !hasSources(packDir) || builtDigest(packDir) === sourceDigest(packDir);
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
    const why = builtDigest(packDir) === undefined ? "has not been compiled" : "was compiled from other sources than the ones there now";
    log(`policy pack ${packDir} ${why}: compiling it (npm run build:policies)...`);
    build(packDir);
    return true;
}

module.exports = { OUT_DIR, DIGEST_FILE, sourceFiles, sourceDigest, isCurrent, build, ensureBuilt };

if (require.main === module) {
    const packDir = __dirname;
    try {
        if (process.argv.includes("--force")) build(packDir);
        else if (!ensureBuilt(packDir, (line) => console.error(line))) console.error(`policy pack ${packDir}: bin/ is up to date with its sources`);
    } catch (e) {
        console.error(`error: ${e.message}`);
        process.exitCode = 1;
    }
}
