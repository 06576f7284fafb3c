import { APPLIED_CONFIG_PROOF, AppliedConfig, appliedConfigProof } from "../../policies/configProof";
import { UserInputError } from "../errors";
import { analyzerpb, levelFromWire } from "./proto";

/** The proof a pack gives (policies/analyzerLock.ts) when it applied the config of this request, as @pulumi/policy applies it. */
export function proofOfRequest(req: analyzerpb.ConfigureAnalyzerRequest): string {
    const config: AppliedConfig = {};
    for (const [name, pc] of req.getPolicyconfigMap().entries()) {
        config[name] = { ...(pc.getProperties()?.toJavaScript() ?? {}), enforcementLevel: levelFromWire(pc.getEnforcementlevel()) };
    }
    return appliedConfigProof(config);
}

/**
 * Checks the proof in an AnalyzeStack response against the config this run sent. Anything else (no proof, two,
 * another config) means the pack did not judge with this run's config, or cannot show that it did: no verdict.
 */
export function checkAppliedConfig(resp: analyzerpb.AnalyzeResponse, expected: string, pack: string): void {
    const proofs = resp
        .getNotApplicableList()
        .filter((n) => n.getPolicyName() === APPLIED_CONFIG_PROOF)
        .map((n) => n.getReason());
    if (proofs.length === 0) {
        throw new UserInputError(
            `policy pack ${pack} gave no proof of the policy config it judged with (a pack locks its config and proves it with policies/analyzerLock.ts); no verdict`,
        );
    }
    if (proofs.length > 1 || proofs[0] !== expected) {
        throw new UserInputError(
            `policy pack ${pack} judged with another policy config than this run sent (it applied ${proofs.join(", ")}; sent ${expected}): something else configured it; no verdict`,
        );
    }
}
