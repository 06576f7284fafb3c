import { UserInputError } from "../errors";
import { DEFAULT_DATA_CLASS_KEY, stackDefaultClassOf } from "../../policies/model/stackConfig";
import type { StackConfig } from "./project";

/**
 * The stack's declared data class (`residency:defaultDataClass`) must be one the pack knows: a wrong one would
 * label nothing, so the preview stops (exit 2) before running anything. Under the real CLI the pack reports
 * the same as a residency-config-valid violation.
 */
export function checkDeclaredDataClass(config: StackConfig): void {
    if (config.secretKeys.includes(DEFAULT_DATA_CLASS_KEY)) {
        throw new UserInputError(
            `stack config ${config.file}: '${DEFAULT_DATA_CLASS_KEY}' must be a plain value, not a secret: the pack reads it to classify resources`,
        );
    }
    const declared = stackDefaultClassOf(config.values);
    if (declared.kind === "invalid") throw new UserInputError(`stack config ${config.file}: ${declared.reason}`);
}
