/**
 * The box the program runs in (enter.sh does the inside): Linux namespaces made by util-linux's `unshare`, which
 * every Linux distribution ships. The program's process gets a user namespace (root inside, the caller's own user
 * outside), and mount, PID, network, IPC and UTS namespaces of its own; `--kill-child` ends everything in it when
 * the preview's parent ends unshare. Where the platform has no such namespaces, the preview stops (exit 2) unless
 * `--unisolated` is given, which runs the program unboxed and says on every output that the verdict is no gate.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UserInputError } from "../../errors";

const ENTER_SCRIPT = path.join(__dirname, "enter.sh");
const UNSHARE_CANDIDATES = ["/usr/bin/unshare", "/bin/unshare"];
const SETPRIV_CANDIDATES = ["/usr/bin/setpriv", "/bin/setpriv"];
/** enter.sh's exit code when it could not build the box (before any program code ran). */
export const SANDBOX_SETUP_FAILED = 125;

export interface BoxedCommand {
    command: string;
    args: string[];
    env: NodeJS.ProcessEnv;
}

export interface Box {
    /** This run's folder: the parent's monitor socket and the program's callback sockets live here. */
    runDir: string;
    /**
     * Folders the program may write besides its run folder and its own /tmp. The preview gives none: whatever outlives
     * one run (a compile cache, say) could be written by one program and read by the next preview's.
     */
    writable: string[];
    /** Folders the program must still read (its project, the preview's own files), which its own /tmp would hide. */
    readable?: string[];
    /**
     * The program's project, which it may write as under the CLI (a kubeconfig, a build's output next to it): its
     * writes go to a layer in the box's own /tmp, so it reads them back, and the real folder never changes.
     */
    overlaid?: string;
}

/**
 * The folders of `dirs` the box's own /tmp would hide, each once: none inside another, whose bind brings it back
 * already. The box covers the real /tmp, whatever TMPDIR says.
 */
export function underTmp(dirs: string[]): string[] {
    const tmp = dirs.filter((d) => d === "/tmp" || d.startsWith("/tmp/")).map((d) => path.resolve(d));
    const inside = (d: string, root: string) => d !== root && d.startsWith(root.endsWith("/") ? root : `${root}/`);
    return [...new Set(tmp)].filter((d) => !tmp.some((other) => inside(d, other)));
}

/** Where every run's folder lives; the box covers it, so that no program sees another run's sockets. */
export function runsRoot(): string {
    const uid = typeof process.getuid === "function" ? process.getuid() : 0;
    return path.join(os.tmpdir(), `us-data-residency-runs-${uid}`);
}

/** A new run folder (mode 0700) under runsRoot(). */
export function makeRunDir(): string {
    const root = runsRoot();
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.chmodSync(root, 0o700);
    return fs.mkdtempSync(path.join(root, "run-"));
}

function unshareBinary(): string | undefined {
    return process.platform === "linux" ? UNSHARE_CANDIDATES.find((p) => fs.existsSync(p)) : undefined;
}

/**
 * `command args`, killed when the process that starts it ends, however it ends (util-linux's setpriv sets the
 * parent-death signal, which exec keeps): a preview stopped by a signal leaves no program or pack running. Where
 * there is no setpriv (not Linux), the command as is.
 */
export function diesWithParent(command: string, args: string[]): { command: string; args: string[] } {
    const setpriv = process.platform === "linux" ? SETPRIV_CANDIDATES.find((p) => fs.existsSync(p)) : undefined;
    return setpriv ? { command: setpriv, args: ["--pdeathsig", "KILL", "--", command, ...args] } : { command, args };
}

/** Why the box cannot be built here, or undefined when it can be tried. */
export function boxUnavailable(): string | undefined {
    if (process.platform !== "linux") return `the program's box needs Linux namespaces, and this is ${process.platform}`;
    if (!unshareBinary()) return "the program's box needs util-linux's unshare, which is not installed";
    return undefined;
}

/** `command args` run inside the box, with `env` as the program's environment. */
export function boxed(box: Box, command: string, args: string[], env: NodeJS.ProcessEnv): BoxedCommand {
    const unshare = unshareBinary();
    if (!unshare) throw new UserInputError(boxUnavailable() ?? "no unshare");
    const readable = underTmp(box.readable ?? []);
    if (box.writable.length + readable.length > 5) throw new UserInputError("the program's box keeps at most five folders besides its run folder");
    if ([box.runDir, ...box.writable, ...readable, box.overlaid ?? ""].some((d) => d.includes(":") || d.includes(",") || d.includes("\n")))
        throw new UserInputError("a folder of the program's box has ':', ',' or a newline in its path");
    return {
        ...diesWithParent(unshare, [
            "--user",
            "--map-root-user",
            "--mount",
            "--pid",
            "--fork",
            "--mount-proc",
            "--kill-child",
            "--net",
            "--ipc",
            "--uts",
            "--",
            "/bin/sh",
            ENTER_SCRIPT,
            command,
            ...args,
        ]),
        env: {
            ...env,
            SANDBOX_RUN_DIR: box.runDir,
            SANDBOX_RUNS: runsRoot(),
            SANDBOX_WRITABLE: box.writable.join(":"),
            SANDBOX_READABLE: readable.join(":"),
            // A layer over a folder that holds the runs' folder would hide this run's socket: the project then stays read-only.
            SANDBOX_OVERLAID: box.overlaid && !`${runsRoot()}/`.startsWith(`${box.overlaid.replace(/\/$/, "")}/`) ? box.overlaid : "",
        },
    };
}

/** The one-line reason a box could not be built, from what unshare or enter.sh wrote, or undefined. */
export function boxFailure(code: number | null, stderrLines: string[]): string | undefined {
    const own = stderrLines.find((l) => l.startsWith("sandbox: "));
    if (code === SANDBOX_SETUP_FAILED && own) return own.slice("sandbox: ".length);
    const unshare = stderrLines.find((l) => l.startsWith("unshare: "));
    if (unshare) return unshare;
    return undefined;
}
