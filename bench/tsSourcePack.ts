import * as fs from "fs";
import * as path from "path";
import { OUR_PACK, TS_PACK_ROOT } from "./paths";

/** What the pack's TypeScript sources are: everything but its compiled output and local config. */
const SKIP = new Set(["bin", "node_modules", "package.json"]);

/**
 * Copies the pack's sources to a directory whose package.json has `"main": "index.ts"`, so that
 * run-policy-pack type-checks it with ts-node on start, as the CLI does for an uncompiled pack. The
 * directory sits in the repository so that it resolves node_modules from the repository root.
 */
export function prepareTsSourcePack(): { dir: string; remove(): void } {
    const dir = path.join(TS_PACK_ROOT, String(process.pid));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of fs.readdirSync(OUR_PACK)) {
        if (SKIP.has(entry) || entry.startsWith(".")) continue;
        fs.cpSync(path.join(OUR_PACK, entry), path.join(dir, entry), { recursive: true });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(OUR_PACK, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, main: "index.ts" }, null, 2) + "\n");
    return {
        dir,
        remove: () => {
            fs.rmSync(dir, { recursive: true, force: true });
            if (fs.existsSync(TS_PACK_ROOT) && fs.readdirSync(TS_PACK_ROOT).length === 0) fs.rmdirSync(TS_PACK_ROOT);
        },
    };
}
