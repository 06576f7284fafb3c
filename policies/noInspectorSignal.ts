/**
 * SIGUSR1 makes Node open its inspector on 127.0.0.1:9229, through which any local process could run code in the
 * pack's process and change its verdicts. Once a listener for the signal is installed Node no longer does that
 * (measured on Node 20 and 24). The pack's entry point imports this module first, so it holds however the pack is
 * started (run-policy-pack, the offline preview's pack host, in process). What it cannot cover is the start-up
 * before this module loads; Node 22.14 and later close that too with `--disable-sigusr1`.
 */
function ignoreInspectorSignal(): void {
    // Ignored on purpose: the signal's only other effect would be the inspector.
}

if (!process.listeners("SIGUSR1").some((listener) => listener.name === ignoreInspectorSignal.name)) {
    process.on("SIGUSR1", ignoreInspectorSignal);
}
