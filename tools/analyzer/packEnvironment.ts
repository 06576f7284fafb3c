/**
 * The environment the Pulumi CLI gives a policy pack's process: its own, plus the stack's identity and config.
 * `PULUMI_CONFIG` is the stack config as JSON (`namespace:key` to string), set for local and published packs
 * alike (pulumi/pulumi: analyzer_plugin.go `constructEnv`, and the Node.js language host's policy proxy after
 * `ConfigureStack`). It is how a pack reads stack config (`new pulumi.Config()`), @pulumi/policy 1.21 dropping
 * what `ConfigureStack` carries; the pack reads the stack's declared data class from it (policies/model/stackConfig.ts).
 */
export function packEnvironment(
    stack: { project: string; stack: string; organization: string; config: Record<string, string>; dryRun: boolean },
    base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
    return {
        ...base,
        PULUMI_CONFIG: JSON.stringify(stack.config),
        PULUMI_ORGANIZATION: stack.organization,
        PULUMI_PROJECT: stack.project,
        PULUMI_STACK: stack.stack,
        PULUMI_DRY_RUN: String(stack.dryRun),
        PULUMI_NODEJS_ORGANIZATION: stack.organization,
        PULUMI_NODEJS_PROJECT: stack.project,
        PULUMI_NODEJS_STACK: stack.stack,
        PULUMI_NODEJS_DRY_RUN: String(stack.dryRun),
    };
}
