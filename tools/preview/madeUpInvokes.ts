import type { PolicyResult } from "../analyzer/runAnalysis";
import { engineResult } from "./behindUnknowns";
import type { UnknownInvoke } from "./engine/deployment";
import { firstFive } from "./program/run";

/** The preview's own check of a preview pass run with invoke results it made up. */
export const INVOKES_MADE_UP = "invoke-results-made-up";

function listed(invokes: UnknownInvoke[]): string {
    return firstFive(invokes.map((i) => `'${i.token}'`));
}

/**
 * One mandatory result for a preview pass the program could only run with invoke results made up (capture.ts): the
 * values those results decide were never the cloud's, so what depends on them is not proven. Everything else is
 * judged; the verdict is partial. The cloud preview job asks the cloud.
 */
export function madeUpInvokesViolation(invokes: UnknownInvoke[], because: string): PolicyResult {
    return engineResult(
        "",
        "",
        `the program could not run with the results of ${listed(invokes)} unknown, as they are offline: it failed with ${because.slice(0, 300)}. ` +
            "The preview ran it again with results of their declared shape made up (places derived from the provider's region, or unknown) " +
            "and judged what it declared, but nothing those results decide is proven. The cloud preview job (`pulumi preview --policy-pack policies`) " +
            "asks the cloud for them; or read them in output form (`getVpcOutput(...)`), whose unknown result the offline preview follows.",
        INVOKES_MADE_UP,
    );
}

/** What makes the verdict partial when invoke results were made up. */
export function madeUpPartialBecause(invokes: UnknownInvoke[]): string[] {
    return [`the results of ${listed(invokes)} were made up: the program could not run with them unknown`];
}
