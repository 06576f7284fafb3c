import type { Stack } from "../evasion/dsl/stack";

/** A realistic compliant stack: it must stay at 0 mandatory violations. */
export interface ZooProgram {
    /** Kebab-case, unique. */
    name: string;
    /** What the stack is, in one sentence: what a reviewer would recognise. */
    what: string;
    /** The data classes its stores are labelled with, so that a program cannot pass by holding no data at all. */
    holds: ("us-user-data" | "non-us-user-data" | "no-user-data")[];
    build(s: Stack): void;
    /** The policy config it is compliant under (what `--policy-pack-config` gives), when the defaults are not enough. */
    policyConfig?: Record<string, unknown>;
}
