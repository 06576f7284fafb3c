import { z } from "zod";
import type { PreviewDocument } from "../../preview/previewDocument";
import { PREVIEW_DOCUMENT_VERSION } from "../../preview/previewDocument";
import { UserInputError } from "../../errors";
import { check } from "../pulumiFormats";
import type { Level, ReportInput } from "../model";

const nullableString = z.string().nullable();
const resource = z.looseObject({
    urn: z.string(),
    type: z.string(),
    name: z.string(),
    parent: nullableString,
    provider: nullableString,
    isDataStore: z.boolean(),
    location: nullableString,
    locationProblem: nullableString,
    dataClass: nullableString,
    dataClassLabel: nullableString,
    dataClassProblem: nullableString,
    source: z.looseObject({ file: z.string(), line: z.number() }).nullable(),
});
const flow = z.looseObject({
    kind: z.string(),
    carrier: z.string(),
    property: z.string(),
    description: z.string(),
    sources: z.array(z.string()).nullable(),
    sourceProblem: nullableString,
    sourceClass: nullableString,
    destination: z.looseObject({ resources: z.array(z.string()).optional(), location: z.string().optional(), problem: z.string().optional() }),
});
const violation = z.looseObject({
    policyPack: z.string(),
    policy: z.string(),
    level: z.enum(["advisory", "mandatory", "remediate", "disabled"]),
    severity: z.string(),
    urn: z.string(),
    name: z.string(),
    message: z.string(),
});
const previewDocumentSchema = z.looseObject({
    version: z.number(),
    kind: z.literal("offline-preview"),
    project: z.string(),
    stack: z.string(),
    policyPacks: z.array(z.looseObject({ name: z.string(), version: z.string(), path: z.string() })),
    resources: z.array(resource),
    flows: z.array(flow),
    violations: z.array(violation),
    exempted: z.array(violation),
    weakenedConfig: z.array(z.string()).optional(),
    acceptedWeakenedConfig: z.boolean().optional(),
});

export function isOfflinePreview(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "offline-preview";
}

/** Reads the offline preview's `--json` document (docs/preview-json.md, version 1). */
export function readOfflinePreview(value: unknown, file: string | null): ReportInput {
    const version = (value as { version?: unknown }).version;
    if (version !== PREVIEW_DOCUMENT_VERSION) {
        throw new UserInputError(
            `offline preview JSON ${file ?? ""} has version ${JSON.stringify(version)}; this report reads version ${PREVIEW_DOCUMENT_VERSION}`,
        );
    }
    let doc: PreviewDocument;
    try {
        doc = check<PreviewDocument>(previewDocumentSchema, value, `offline preview JSON ${file ?? ""}`.trim());
    } catch (e) {
        throw new UserInputError((e as Error).message.replace("Pulumi's format", "the offline preview's format (docs/preview-json.md)"));
    }
    return {
        input: { kind: "offline-preview", file },
        project: doc.project,
        stack: doc.stack,
        policyResultsAvailable: true,
        policyPacks: doc.policyPacks.map((p) => ({ name: p.name, version: p.version, path: p.path })),
        resources: doc.resources.map((r) => ({ ...pickResource(r) })),
        flows: doc.flows.map((f) => ({ ...f, destination: { ...f.destination } })),
        results: [...doc.violations, ...doc.exempted].map((v) => ({
            policyPack: v.policyPack,
            policy: v.policy,
            level: v.level as Level,
            severity: v.severity,
            urn: v.urn,
            name: v.name,
            message: v.message,
        })),
        weakenedConfig: doc.weakenedConfig ?? [],
        acceptedWeakenedConfig: doc.acceptedWeakenedConfig === true,
    };
}

function pickResource(r: PreviewDocument["resources"][number]) {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        provider: r.provider,
        isDataStore: r.isDataStore,
        location: r.location,
        locationProblem: r.locationProblem,
        dataClass: r.dataClass,
        dataClassLabel: r.dataClassLabel,
        dataClassProblem: r.dataClassProblem,
        source: r.source ? { file: r.source.file, line: r.source.line } : null,
    };
}
