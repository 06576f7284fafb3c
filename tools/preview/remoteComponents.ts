import type { PolicyResult } from "../analyzer/runAnalysis";
import type { RemoteComponent } from "./engine/deployment";
import { engineResult } from "./behindUnknowns";

/** The preview's own check of multi-language components, whose children it cannot see. */
export const REMOTE_COMPONENTS = "multi-language-components";

/**
 * One mandatory result per multi-language component (`@pulumi/awsx` 1+, `@pulumi/eks`, ...): its provider plugin
 * builds its children, which cannot run offline, so nothing it creates was checked. The verdict is partial; the
 * cloud preview job (`pulumi preview --policy-pack`, which runs the plugin) judges them.
 */
export function remoteComponentViolation(c: RemoteComponent): PolicyResult {
    return engineResult(
        c.urn,
        c.name,
        `'${c.name}' (${c.type}) is a multi-language component: its provider plugin builds its children, which the offline preview cannot run, ` +
            "so none of the resources it creates was checked (their types, locations, data classes and copies are not seen). " +
            "The cloud preview job (`pulumi preview --policy-pack policies`) runs the plugin and judges them; or build the same resources with the provider's own resources.",
        REMOTE_COMPONENTS,
    );
}

/** What makes a verdict partial: one line per component the preview could not see into. */
export function partialBecause(components: RemoteComponent[]): string[] {
    return components.map((c) => `the children of multi-language component '${c.name}' (${c.type}) were not seen`);
}
