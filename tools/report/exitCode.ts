import { EXIT_MANDATORY_VIOLATION, EXIT_OK } from "../errors";
import type { ReportDocument } from "./model";

/**
 * The exit code of a run that judged with policies (the offline preview, the audit), read from its report
 * document: 1 when a policy config weakened the residency gate and the run did not accept it, or when a result
 * blocks (`summary.mandatory` counts them with `isBlocking`); else 0.
 */
export function exitCodeOf(doc: ReportDocument): number {
    if (doc.enforcement.weakenedConfig.length > 0 && !doc.enforcement.acceptedWeakenedConfig) return EXIT_MANDATORY_VIOLATION;
    return doc.summary.mandatory > 0 ? EXIT_MANDATORY_VIOLATION : EXIT_OK;
}
