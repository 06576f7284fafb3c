// Starts the program host (tools/preview/programHost.ts) before anything else in the preview's process: loading
// the SDKs there is the longest step of a preview, and it needs nothing from the flags but the memory ceiling.
// Plain JavaScript, so that bin/preview.js can call it before ts-node is registered. The host waits for its
// input (the project, stack and config) on stdin; startProgramHost (programProcess.ts) sends it.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { programEnvironment } = require("./programEnvironment");
const { writableByRole } = require("../compileCache");

const DEFAULT_MAX_PROGRAM_MEMORY_MB = 2048;
const MEMORY_FLAG = "--max-program-memory";

/** The memory ceiling the flags ask for; commander validates the same flag later, and a bad value stops the run. */
function memoryFromArgv(argv) {
    let raw;
    argv.forEach((a, i) => {
        if (a === MEMORY_FLAG) raw = argv[i + 1];
        else if (a.startsWith(`${MEMORY_FLAG}=`)) raw = a.slice(MEMORY_FLAG.length + 1);
    });
    const n = Number(raw);
    return raw !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n) : DEFAULT_MAX_PROGRAM_MEMORY_MB;
}

// Node's permission model: the program reads what it likes, and writes only its own role's compile cache. It cannot
// rewrite the pack, the tools, their caches or node_modules for the processes that judge it, or start processes or
// threads. Native addons load only from installed packages (programAddons.js; swc is one).
// (`--permission` from Node 22.13/23.5; `--experimental-permission` before.)
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
const PROGRAM_PERMISSIONS = [
    PERMISSION_FLAG,
    "--disable-warning=ExperimentalWarning",
    "--allow-fs-read=*",
    `--allow-fs-write=${writableByRole("program")}`,
    "--allow-addons",
];

function launchProgramHost(maxMemoryMb) {
    // The cache's root is made here, so that the program's process, which may write only its own folders in it, finds it.
    try {
        fs.mkdirSync(path.dirname(writableByRole("program")), { recursive: true });
    } catch {
        // no cache then
    }
    const child = spawn(
        process.execPath,
        [
            ...PROGRAM_PERMISSIONS,
            `--max-old-space-size=${maxMemoryMb}`,
            "-r",
            path.join(__dirname, "programAddons.js"),
            "-r",
            path.join(__dirname, "programHostCache.js"),
            "-r",
            path.join(__dirname, "..", "register-ts.js"),
            path.join(__dirname, "programHost.ts"),
        ],
        // Only the program and its stack config decide a region: no AWS_REGION, AWS_PROFILE, OCI_REGION, ...
        { stdio: ["pipe", "pipe", "pipe", "pipe"], env: programEnvironment(process.env).env },
    );
    // A host whose parent stopped before sending the input sees EOF and exits; an EPIPE here is expected then.
    child.stdin.on("error", () => undefined);
    return { child, maxMemoryMb };
}

module.exports = { DEFAULT_MAX_PROGRAM_MEMORY_MB, memoryFromArgv, launchProgramHost };
