/**
 * The offline preview's `--json` document (docs/preview-json.md), declared once: the preview writes it, the
 * report reads it back with the same schema. Bump PREVIEW_DOCUMENT_VERSION on a breaking change; adding a
 * field is not breaking, and readers ignore fields they do not know. Fields added after the first documents
 * were written default (`.default`) when a document lacks them, so those documents still read.
 */
import { z } from "zod";
import { externalDestinationEntrySchema, RESOURCE_ROLES, reportFlowSchema, reportPolicyResultSchema, reportResourceSchema } from "../report/model";

export const PREVIEW_DOCUMENT_VERSION = 1;

/** A resource of the document: the report's one resource record, plus `custom` and a required `role`. */
export const previewResourceSchema = reportResourceSchema.extend({ custom: z.boolean(), role: z.enum(RESOURCE_ROLES) });

/** The approved locations of the `--policy-pack-config` in force, and its file. */
export const settingsInForceSchema = z.object({
    file: z.string(),
    approvedLocations: z.record(z.string(), z.array(z.object({ location: z.string(), until: z.string().nullable().default(null) }))),
    /** The approved external destinations of that config (policies/model/externalDestinations.ts), when it has any. */
    approvedExternalDestinations: z.array(externalDestinationEntrySchema).optional(),
});

const summarySchema = z.object({
    resources: z.number(),
    dataStores: z.number(),
    flows: z.number(),
    mandatory: z.number(),
    advisory: z.number(),
    exempted: z.number(),
});

export const previewDocumentSchema = z.object({
    version: z.literal(PREVIEW_DOCUMENT_VERSION),
    kind: z.literal("offline-preview"),
    project: z.string(),
    stack: z.string(),
    policyPacks: z.array(z.object({ name: z.string(), version: z.string(), path: z.string() })),
    resources: z.array(previewResourceSchema),
    /** Copies of data: the report's one flow record. */
    flows: z.array(reportFlowSchema),
    /** Policy results, exempted ones excepted (engine findings of the preview itself included). */
    violations: z.array(reportPolicyResultSchema),
    /** Violations set aside by an exemption in force. */
    exempted: z.array(reportPolicyResultSchema),
    /** Null when the pack ran on its defaults. */
    settings: settingsInForceSchema.nullable().default(null),
    /** What the policy config weakens in the residency gate, `<pack>: <what>`; the verdict is NOT ENFORCED when any. */
    weakenedConfig: z.array(z.string()).default([]),
    /** True when the run was given --accept-weakened-config. */
    acceptedWeakenedConfig: z.boolean().default(false),
    /** Invokes the offline preview could not answer from stack config: their results were unknown. */
    unknownInvokes: z.array(z.object({ token: z.string(), reason: z.string(), count: z.number() })).default([]),
    /** Region-bearing environment variables the previewing shell had and the program was not given. */
    environmentRemoved: z.array(z.string()).default([]),
    /** URNs of resources the program creates only behind values unknown at preview (found by the second, known pass). */
    resourcesBehindUnknowns: z.array(z.string()).default([]),
    /** Why the verdict is partial: what the preview could not see or had to make up (multi-language components' children, invoke results, existing resources read). */
    partial: z.array(z.string()).default([]),
    /** True when the program ran without its box (--unisolated): the verdict is then no gate. */
    unisolated: z.boolean().default(false),
    summary: summarySchema,
});

export type PreviewDocument = z.infer<typeof previewDocumentSchema>;
export type PreviewResource = z.infer<typeof previewResourceSchema>;
export type PreviewViolation = PreviewDocument["violations"][number];
export type SettingsInForce = z.infer<typeof settingsInForceSchema>;

/**
 * What the report reads: the document as written, fields it does not know ignored, and each resource as the
 * report's resource record (whose `role`, which the first version-1 documents lacked, is derived when absent).
 */
export const previewDocumentReadSchema = previewDocumentSchema.extend({ resources: z.array(reportResourceSchema) }).loose();
export type PreviewDocumentAsRead = z.infer<typeof previewDocumentReadSchema>;
