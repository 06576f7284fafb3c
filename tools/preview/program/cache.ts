import Module from "module";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { roleCacheDir } = require("../../compileCache") as { roleCacheDir(role: string): string | undefined };

/**
 * The program's own compile cache (Node's built-in one, `NODE_COMPILE_CACHE`): its role's folder, the only folder
 * outside its run folder and /tmp that the box lets it write. No trusted process reads it. Undefined when the cache
 * is off or this Node has no built-in cache (Node 20).
 */
export function programCacheDir(): string | undefined {
    if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== "function") return undefined;
    return roleCacheDir("program");
}
