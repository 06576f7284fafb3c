import { NO_USER_DATA, NON_US, type Stack, US } from "./stack";

/** Where a case puts the copy: abroad for the evasion, at home (approved for US user data) for its control. */
export interface Where {
    /** An AWS region. */
    aws: string;
    /** An OCI region name. */
    oci: string;
    /** Its OCI region key, as availability-domain names and short OCIDs spell it. */
    ociKey: string;
    /** An availability domain of that OCI region. */
    ociAd: string;
    /**
     * The label an AWS store there carries. Abroad the program claims `non-us-user-data` (approved in
     * aws:ap-southeast-1), so only following the copy shows the data is US user data.
     */
    label: Record<string, string>;
    /** The label an OCI store there carries: abroad `no-user-data` (non-US data is not approved in OCI Singapore either). */
    ociLabel: Record<string, string>;
}

export const ABROAD: Where = {
    aws: "ap-southeast-1",
    oci: "ap-singapore-1",
    ociKey: "SIN",
    ociAd: "Uocm:AP-SINGAPORE-1-AD-1",
    label: NON_US,
    ociLabel: NO_USER_DATA,
};
export const HOME: Where = { aws: "us-east-1", oci: "us-phoenix-1", ociKey: "PHX", ociAd: "Uocm:PHX-AD-1", label: US, ociLabel: US };

export interface EvasionCase {
    /** Kebab-case, unique across families. */
    id: string;
    /** What the program does to get US user data out, in one sentence. */
    how: string;
    /** Builds the stack with the copy going to `where`. */
    build(s: Stack, where: Where): void;
    /** Names (last URN segment) of resources whose mandatory residency violation counts as the rejection. */
    offenders: string[];
    /** What the rejecting message must also say (the region, the property path), where that is sensible. */
    message?: RegExp;
    /**
     * Whether the same program built with `HOME` is compliant and must raise no residency violation.
     * False where no placement makes it compliant (an unknown location, an unclassified type, a
     * region-less copy): the case is then rejected whatever the destination.
     */
    control: boolean;
    /** The policy config both the case and its control run with (approved external destinations, say). */
    config?: () => Record<string, unknown>;
}

/** Shorthand for the tables: a case with a control unless said otherwise. */
export function evasion(c: Omit<EvasionCase, "control"> & { control?: boolean }): EvasionCase {
    return { control: true, ...c };
}
