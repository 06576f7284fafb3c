import type { PolicyResult } from "../analyzer/runAnalysis";
import type { ReadExisting } from "./engine/deployment";
import { engineResult } from "./behindUnknowns";

/** The preview's own check of existing resources read with `.get()`, whose state it cannot see. */
export const READ_EXISTING = "existing-resources-read";

/**
 * One mandatory result per existing resource the program reads (`aws.ec2.Vpc.get(...)`): `pulumi preview` reads its
 * state through the provider, which cannot run offline, so where it is, what it holds and what the program builds
 * from its state were not seen. The verdict is partial; the cloud preview job reads it.
 */
export function readExistingViolation(r: ReadExisting): PolicyResult {
    return engineResult(
        r.urn,
        r.name,
        `'${r.name}' (${r.type}, id '${r.id.slice(0, 120)}') is an existing resource the program reads with .get(): its state comes from the cloud, ` +
            "which the offline preview cannot read, so where it is, what it holds and what the program builds from its state were not checked. " +
            "The cloud preview job (`pulumi preview --policy-pack policies`) reads it and judges them; or pass what the program needs from it in stack config.",
        READ_EXISTING,
    );
}

/** What makes a verdict partial: one line per existing resource read. */
export function readExistingPartialBecause(reads: ReadExisting[]): string[] {
    return reads.map((r) => `the state of existing resource '${r.name}' (${r.type}), read with .get(), was not seen`);
}
