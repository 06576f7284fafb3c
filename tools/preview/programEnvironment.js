// Plain JavaScript (types in programEnvironment.d.ts), so that the program's process can be spawned with the
// scrubbed environment before ts-node is registered.

/**
 * The environment variables from which a provider SDK or plugin would take a region (or a profile or config
 * file that holds one). `pulumi preview` hands the shell's environment to the program and its providers, so
 * there the machine that previews can decide where a resource goes; the offline preview removes them so that
 * only the program and its stack config do.
 */
const REGION_BEARING_VARIABLES = [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "OCI_REGION",
    "OCI_CLI_REGION",
    "OCI_CLI_PROFILE",
    "OCI_CLI_CONFIG_FILE",
];

/** The program's environment: `env` without the region-bearing variables, and which of them were set. */
function programEnvironment(env) {
    const out = { ...env };
    const removed = [];
    for (const name of REGION_BEARING_VARIABLES) {
        if (name in out) {
            removed.push(name);
            delete out[name];
        }
    }
    return { env: out, removed };
}

/** The line the preview prints once when it removed any. */
function describeRemoved(removed) {
    return (
        `note: ${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} not passed to the program: only the program and its stack config decide a region ` +
        "(`pulumi preview` would let the previewing machine's environment fill in a provider's missing region)."
    );
}

module.exports = { REGION_BEARING_VARIABLES, programEnvironment, describeRemoved };
