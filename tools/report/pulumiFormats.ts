/**
 * The two Pulumi CLI file formats the report reads, mirrored from Pulumi's own Go definitions
 * (github.com/pulumi/pulumi):
 *
 * - `pulumi stack export`: `apitype.UntypedDeployment` {version, deployment} whose deployment is a
 *   `DeploymentV3` (sdk/go/common/apitype/core.go) holding `ResourceV3` values.
 * - `pulumi preview --json`: `display.PreviewDigest` (sdk/go/... pkg/display/json.go, built by
 *   pkg/backend/display/json.go `ShowPreviewDigest`): {config, steps, diagnostics, duration,
 *   changeSummary, maybeCorrupt}; each step's `oldState`/`newState` is an `apitype.ResourceV3` whose
 *   secrets are already replaced by "[secret]" and whose unknowns are the unknown sentinel.
 *
 * Go's encoder omits empty `omitempty` fields and its decoder ignores unknown ones, so every field
 * below that Go marks `omitempty` is optional, and unknown fields are accepted (Pulumi's apitype rule:
 * "DO make anything new be optional").
 */
import { z } from "zod";

/**
 * The checkpoint versions this tool reads. Version 3 is `apitype.DeploymentSchemaVersionCurrent`; a
 * current CLI writes version 4 (`DeploymentSchemaVersionLatest`) when the state uses a feature such as
 * `taint`, `refreshBeforeUpdate`, `hooks` or `views`, and lists them in a top-level `features`. The
 * deployment body has the same shape (pkg/resource/stack/deployment.go).
 */
export const DEPLOYMENT_SCHEMA_VERSIONS = [3, 4] as const;

/** The key of the signature field of special property values (secrets, assets, resource references). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const INTEGER_SIG = "7eb310220ed6211bd6f147f2a75bfbb6";
/** `plugin.UnknownStringValue`: what an unknown value serializes to in preview JSON. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A JSON-serialized `resource.PropertyValue` (apitype/property-values.json). */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };

/** `apitype.ResourceV3`. */
export interface ResourceV3 {
    urn: string;
    custom?: boolean;
    delete?: boolean;
    id?: string;
    type?: string;
    inputs?: Record<string, PropertyValue | undefined>;
    outputs?: Record<string, PropertyValue | undefined>;
    parent?: string;
    protect?: boolean;
    external?: boolean;
    dependencies?: string[];
    initErrors?: string[];
    provider?: string;
    propertyDependencies?: Record<string, string[] | undefined>;
    pendingReplacement?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: Record<string, unknown>;
    importID?: string;
    retainOnDelete?: boolean;
    deletedWith?: string;
    created?: string;
    modified?: string;
    /** `project:///<path relative to the project>#<line>[,<column>]`. */
    sourcePosition?: string;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
}

/** `apitype.ManifestV1`. */
export interface ManifestV1 {
    time: string;
    magic: string;
    version: string;
    plugins?: { name: string; path: string; type: string; version: string }[];
}

/** `apitype.OperationV2`. */
export interface OperationV2 {
    resource: ResourceV3;
    type: "creating" | "updating" | "deleting" | "reading";
}

/** `apitype.DeploymentV3`. */
export interface DeploymentV3 {
    manifest: ManifestV1;
    secrets_providers?: { type: string; state?: unknown };
    resources?: ResourceV3[];
    pending_operations?: OperationV2[];
    metadata?: Record<string, unknown>;
}

/** `apitype.UntypedDeployment`, as `pulumi stack export` writes it (version 3 or 4: a `DeploymentV3` body). */
export interface UntypedDeployment {
    version: number;
    /** Version 4: the state features the deployment uses. */
    features?: string[];
    deployment: DeploymentV3;
}

/** `display.PropertyDiff`. */
export interface PropertyDiff {
    kind: string;
    inputDiff: boolean;
}

/** `display.PreviewStep`. */
export interface PreviewStep {
    op: string;
    urn: string;
    provider?: string;
    oldState?: ResourceV3;
    newState?: ResourceV3;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff: Record<string, PropertyDiff> | null;
}

/** `display.PreviewDiagnostic`. Severity is a `diag.Severity`: "debug", "info", "info#err", "warning" or "error". */
export interface PreviewDiagnostic {
    urn?: string;
    prefix?: string;
    message?: string;
    severity?: string;
}

/**
 * `apitype.PolicyEvent`. `PreviewDigest` drops policy events (`ShowPreviewDigest` skips
 * `PolicyViolationEvent`); a digest that carries them under `policyViolations` (as `pulumi events
 * summary` does) is read too.
 */
export interface PolicyEvent {
    resourceUrn?: string;
    message: string;
    color?: string;
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    policyPackVersionTag?: string;
    /** "warning" (advisory), "mandatory", "remediate" or "none" (disabled). */
    enforcementLevel: string;
}

/** `display.PreviewDigest`: the document `pulumi preview --json` prints. `duration` is a Go `time.Duration` (ns). */
export interface PreviewDigest {
    config?: Record<string, string>;
    steps?: PreviewStep[];
    diagnostics?: PreviewDiagnostic[];
    duration?: number;
    changeSummary?: Record<string, number>;
    maybeCorrupt?: boolean;
    policyViolations?: PolicyEvent[];
}

// ---- runtime validators (zod), one per type above ----

const urn = z.string().min(1);
const propertyMap = z.record(z.string(), z.unknown());

export const resourceV3Schema = z.looseObject({
    urn,
    custom: z.boolean().optional(),
    delete: z.boolean().optional(),
    id: z.string().optional(),
    type: z.string().optional(),
    inputs: propertyMap.optional(),
    outputs: propertyMap.optional(),
    parent: z.string().optional(),
    protect: z.boolean().optional(),
    external: z.boolean().optional(),
    dependencies: z.array(z.string()).nullish(),
    initErrors: z.array(z.string()).nullish(),
    provider: z.string().optional(),
    propertyDependencies: z.record(z.string(), z.array(z.string()).nullable()).optional(),
    pendingReplacement: z.boolean().optional(),
    additionalSecretOutputs: z.array(z.string()).optional(),
    aliases: z.array(z.string()).optional(),
    customTimeouts: z.record(z.string(), z.unknown()).optional(),
    importID: z.string().optional(),
    retainOnDelete: z.boolean().optional(),
    deletedWith: z.string().optional(),
    created: z.string().optional(),
    modified: z.string().optional(),
    sourcePosition: z.string().optional(),
    ignoreChanges: z.array(z.string()).optional(),
    replaceOnChanges: z.array(z.string()).optional(),
});

const manifestV1Schema = z.looseObject({
    time: z.string(),
    magic: z.string(),
    version: z.string(),
    plugins: z.array(z.looseObject({ name: z.string(), path: z.string(), type: z.string(), version: z.string() })).nullish(),
});

export const deploymentV3Schema = z.looseObject({
    manifest: manifestV1Schema,
    secrets_providers: z.looseObject({ type: z.string(), state: z.unknown().optional() }).optional(),
    resources: z.array(resourceV3Schema).nullish(),
    pending_operations: z.array(z.looseObject({ resource: resourceV3Schema, type: z.enum(["creating", "updating", "deleting", "reading"]) })).nullish(),
    metadata: z.record(z.string(), z.unknown()).optional(),
});

export const untypedDeploymentSchema = z.looseObject({
    version: z.number().int(),
    features: z.array(z.string()).nullish(),
    deployment: z.record(z.string(), z.unknown()),
});

const previewStepSchema = z.looseObject({
    op: z.string().min(1),
    urn,
    provider: z.string().optional(),
    oldState: resourceV3Schema.optional(),
    newState: resourceV3Schema.optional(),
    diffReasons: z.array(z.string()).nullish(),
    replaceReasons: z.array(z.string()).nullish(),
    detailedDiff: z.record(z.string(), z.looseObject({ kind: z.string(), inputDiff: z.boolean() })).nullish(),
});

const policyEventSchema = z.looseObject({
    resourceUrn: z.string().optional(),
    message: z.string(),
    color: z.string().optional(),
    policyName: z.string(),
    policyPackName: z.string(),
    policyPackVersion: z.string(),
    policyPackVersionTag: z.string().optional(),
    enforcementLevel: z.string(),
});

export const previewDigestSchema = z.looseObject({
    config: z.record(z.string(), z.string()).nullish(),
    steps: z.array(previewStepSchema).nullish(),
    diagnostics: z
        .array(z.looseObject({ urn: z.string().optional(), prefix: z.string().optional(), message: z.string().optional(), severity: z.string().optional() }))
        .nullish(),
    duration: z.number().optional(),
    changeSummary: z.record(z.string(), z.number()).nullish(),
    maybeCorrupt: z.boolean().optional(),
    policyViolations: z.array(policyEventSchema).nullish(),
});

function where(path: PropertyKey[]): string {
    let out = "";
    for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
    return out || "(top level)";
}

/** Validates `value` against `schema`; the error names the first few offending paths. */
export function check<T>(schema: z.ZodType, value: unknown, what: string): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data as T;
    const problems = result.error.issues.slice(0, 5).map((i) => `at ${where(i.path)}: ${i.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : "";
    throw new Error(`${what} does not match Pulumi's format: ${problems.join("; ")}${more}`);
}
