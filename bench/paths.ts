import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const BENCH_BIN = path.join(REPO_ROOT, "bin", "bench.js");
export const OUR_PACK = path.join(REPO_ROOT, "policies");
export const OUR_PACK_CONFIG = path.join(OUR_PACK, "config.example.json");
export const PEER_PACK = path.join(REPO_ROOT, "bench", "peer-pack");
export const TS_PACK_ROOT = path.join(REPO_ROOT, "bench", ".tmp-ts-pack");
/** Where a run writes its figures unless told otherwise: ignored by git. `bench/results.json` (tracked) holds the
 * figures the README quotes, and changes only with `--out bench/results.json`. */
export const DEFAULT_OUT = path.join(REPO_ROOT, "out", "bench-results.json");
/** Pinned so that runs on different days evaluate the same exemptions and sunsets. */
export const POLICY_TODAY = "2026-11-29";
