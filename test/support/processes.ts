/**
 * What an attacker on the same machine learns from /proc, for the hostile tests: a process's children, and the TCP
 * ports and unix sockets it listens on. Linux only, as the machines that run the tests.
 */
import * as fs from "fs";

/** Pids of the processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
    const out: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses.
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid === pid) out.push(Number(entry));
        } catch {
            // gone meanwhile
        }
    }
    return out;
}

export function commandLineOf(pid: number): string[] {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
        return [];
    }
}

/** The inodes of the sockets `pid` holds open, from /proc/<pid>/fd. */
function socketInodes(pid: number): Set<string> {
    const inodes = new Set<string>();
    try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
            try {
                const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
                if (m) inodes.add(m[1]);
            } catch {
                // closed meanwhile
            }
        }
    } catch {
        // gone meanwhile
    }
    return inodes;
}

/** TCP ports `pid` listens on (IPv4 and IPv6), from its socket inodes and /proc/net/tcp{,6}. */
export function listeningPorts(pid: number): number[] {
    const inodes = socketInodes(pid);
    if (inodes.size === 0) return [];
    const ports = new Set<number>();
    for (const table of ["tcp", "tcp6"]) {
        let text: string;
        try {
            text = fs.readFileSync(`/proc/${pid}/net/${table}`, "utf8");
        } catch {
            continue;
        }
        for (const line of text.split("\n").slice(1)) {
            const f = line.trim().split(/\s+/);
            // local_address is f[1] ("0100007F:1F90"), st f[3] ("0A" = LISTEN), inode f[9].
            if (f.length > 9 && f[3] === "0A" && inodes.has(f[9])) ports.add(parseInt(f[1].split(":")[1], 16));
        }
    }
    return [...ports];
}

/** Paths of the unix sockets `pid` listens on, from its socket inodes and /proc/<pid>/net/unix. */
export function listeningUnixSockets(pid: number): string[] {
    const inodes = socketInodes(pid);
    if (inodes.size === 0) return [];
    let text: string;
    try {
        text = fs.readFileSync(`/proc/${pid}/net/unix`, "utf8");
    } catch {
        return [];
    }
    const paths: string[] = [];
    for (const line of text.split("\n").slice(1)) {
        // "Num RefCount Protocol Flags Type St Inode Path": Flags 00010000 (__SO_ACCEPTCON) on a listening socket.
        const f = line.trim().split(/\s+/);
        if (f.length > 7 && (parseInt(f[3], 16) & 0x10000) !== 0 && inodes.has(f[6]) && f[7].startsWith("/")) paths.push(f.slice(7).join(" "));
    }
    return paths;
}

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
        const found = probe();
        if (found !== undefined) return found;
        if (Date.now() > until) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
