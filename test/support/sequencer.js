// Jest's order of test files when it has no timings from an earlier run (a clean clone in CI has none). Jest then
// starts the largest files first, but file size says little here: the families that start previews and packs are
// short files (some only `import "./x.e2e"` lines) and take minutes, so they would start last and keep one worker
// busy long after the other has finished. They start first, heaviest first (as measured in CI); the rest by size.
// With timings, jest's own order stands. An out-of-date list only changes the order, never what runs.
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;

const PROCESS_FAMILIES = [
    "test/e2e/previews.test.ts",
    "test/preview/engine.test.ts",
    "test/preview/hostile.test.ts",
    "test/pack/pack.test.ts",
    "test/pack/packProcess.test.ts",
    "test/bench/bench.test.ts",
    "test/realworld/realworld.test.ts",
    "test/project/commandLines.test.ts",
    "test/gate/gate.test.ts",
];

class FamilySequencer extends Sequencer {
    sort(tests) {
        if (tests.every((t) => this.time(t) != null)) return super.sort(tests);
        const rank = (t) => {
            const i = PROCESS_FAMILIES.indexOf(path.relative(t.context.config.rootDir, t.path).split(path.sep).join("/"));
            return i < 0 ? PROCESS_FAMILIES.length : i;
        };
        const bySize = super.sort([...tests]);
        return bySize
            .map((t, i) => ({ t, i }))
            .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
            .map(({ t }) => t);
    }
}

module.exports = FamilySequencer;
