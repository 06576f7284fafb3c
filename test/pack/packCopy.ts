import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../support/offlinePreview";

export const OUR_PACK = path.join(REPO_ROOT, "policies");
/** Pack copies live inside the repository so that they resolve @pulumi/policy from its node_modules, as policies/ does. */
const COPIES = path.join(REPO_ROOT, ".test-packs");

/** A copy of policies/ (sources, launcher and bin/) that a test may edit; `remove()` deletes it. */
export function copyOurPack(label: string): { dir: string; remove(): void } {
    const dir = path.join(COPIES, `${label}-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(COPIES, { recursive: true });
    fs.cpSync(OUR_PACK, dir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
    return {
        dir,
        remove: () => {
            fs.rmSync(dir, { recursive: true, force: true });
            if (fs.existsSync(COPIES) && fs.readdirSync(COPIES).length === 0) fs.rmdirSync(COPIES);
        },
    };
}
