/** Cases per fuzz property. CI runs the default; set FUZZ_RUNS for a longer local run. */
export function fuzzRuns(share: number): number {
    const total = Number(process.env.FUZZ_RUNS ?? 10_000);
    return Math.max(1, Math.round(total * share));
}
