/**
 * The environment the program runs with. The Node language host hands the program the engine's whole environment
 * plus its config (`PULUMI_CONFIG`, `PULUMI_CONFIG_SECRET_KEYS`) and runtime options (`PULUMI_NODEJS_TYPESCRIPT`,
 * `PULUMI_NODEJS_TSCONFIG_PATH`): sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `execRuntime`. Offline the program
 * gets the config and options the same way, but of the environment only what names the machine's locale and
 * paths: no credential or token of the machine that previews reaches code under review, and nothing from which a
 * provider takes a region (AWS_REGION, AWS_PROFILE, OCI_REGION, ...), so that only the program and its stack config
 * decide where a resource goes.
 */
import type { StackConfig } from "../project";

/** The variables passed through, by name or prefix. Everything else is left out. */
const PASSED = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "NO_COLOR", "FORCE_COLOR", "CI"];
const PASSED_PREFIXES = ["LC_"];

/** The variables from which a provider SDK or plugin would take a region (or a profile or file that holds one). */
export const REGION_BEARING_VARIABLES = [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "OCI_REGION",
    "OCI_CLI_REGION",
    "OCI_CLI_PROFILE",
    "OCI_CLI_CONFIG_FILE",
];

/** The region-bearing variables `env` has: the preview says once that the program does not get them. */
export function regionBearingIn(env: NodeJS.ProcessEnv): string[] {
    return REGION_BEARING_VARIABLES.filter((name) => name in env);
}

export function describeRemoved(removed: string[]): string {
    return (
        `note: ${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} not passed to the program: only the program and its stack config decide a region ` +
        "(`pulumi preview` would let the previewing machine's environment fill in a provider's missing region)."
    );
}

/**
 * The language host's `constructConfig`: keys `<ns>:<key>` are handed over as `<ns>:config:<key>`, the form every
 * version of @pulumi/pulumi reads.
 */
function languageHostKey(key: string): string {
    const at = key.indexOf(":");
    return at < 0 || key.slice(at + 1).startsWith("config:") ? key : `${key.slice(0, at)}:config:${key.slice(at + 1)}`;
}

export interface ProgramEnvironmentOptions {
    config: StackConfig;
    /** `runtime.options.typescript` (default true). */
    typescript: boolean;
    /** `runtime.options.tsconfig`, as written. */
    tsconfig?: string;
}

export function programEnvironment(parent: NodeJS.ProcessEnv, opts: ProgramEnvironmentOptions): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(parent)) {
        if (value !== undefined && (PASSED.includes(name) || PASSED_PREFIXES.some((p) => name.startsWith(p)))) env[name] = value;
    }
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.config.values)) config[languageHostKey(k)] = v;
    env.PULUMI_CONFIG = JSON.stringify(config);
    env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(opts.config.secretKeys.map(languageHostKey));
    if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfig;
    // ts-node compiles as under the CLI, without the type check (`npm run typecheck` does that): README, "Where it is not faithful".
    env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    env.TMPDIR = "/tmp";
    return env;
}
