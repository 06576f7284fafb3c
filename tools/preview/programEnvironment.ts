/**
 * The environment variables from which a provider SDK or plugin would take a region (or a profile or config
 * file that holds one). `pulumi preview` hands the shell's environment to the program and its providers, so
 * there the machine that previews can decide where a resource goes; the offline preview removes them so that
 * only the program and its stack config do.
 */
export const REGION_BEARING_VARIABLES = [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "OCI_REGION",
    "OCI_CLI_REGION",
    "OCI_CLI_PROFILE",
    "OCI_CLI_CONFIG_FILE",
] as const;

/** The program's environment: `env` without the region-bearing variables, and which of them were set. */
export function programEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; removed: string[] } {
    const out: NodeJS.ProcessEnv = { ...env };
    const removed: string[] = [];
    for (const name of REGION_BEARING_VARIABLES) {
        if (name in out) {
            removed.push(name);
            delete out[name];
        }
    }
    return { env: out, removed };
}

/** The line the preview prints once when it removed any. */
export function describeRemoved(removed: string[]): string {
    return (
        `note: ${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} not passed to the program: only the program and its stack config decide a region ` +
        "(`pulumi preview` would let the previewing machine's environment fill in a provider's missing region)."
    );
}
