import { z } from "zod";
import { PREVIEW_DOCUMENT_VERSION } from "../../preview/previewDocument";
import { UserInputError } from "../../errors";
import { check } from "../pulumiFormats";
import { reportFlowSchema, reportPolicyResultSchema, reportResourceSchema, type ReportInput } from "../model";

const previewDocumentSchema = z.looseObject({
    version: z.number(),
    kind: z.literal("offline-preview"),
    project: z.string(),
    stack: z.string(),
    policyPacks: z.array(z.looseObject({ name: z.string(), version: z.string(), path: z.string() })),
    resources: z.array(reportResourceSchema),
    flows: z.array(reportFlowSchema),
    violations: z.array(reportPolicyResultSchema),
    exempted: z.array(reportPolicyResultSchema),
    settings: z
        .object({ file: z.string(), approvedLocations: z.record(z.string(), z.array(z.object({ location: z.string(), until: z.string().nullish() }))) })
        .nullish(),
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
    let doc: z.infer<typeof previewDocumentSchema>;
    try {
        doc = check<z.infer<typeof previewDocumentSchema>>(previewDocumentSchema, value, `offline preview JSON ${file ?? ""}`.trim());
    } catch (e) {
        throw new UserInputError((e as Error).message.replace("Pulumi's format", "the offline preview's format (docs/preview-json.md)"));
    }
    return {
        input: { kind: "offline-preview", file },
        project: doc.project,
        stack: doc.stack,
        policyResultsAvailable: true,
        policyPacks: doc.policyPacks.map((p) => ({ name: p.name, version: p.version, path: p.path })),
        resources: doc.resources,
        flows: doc.flows,
        results: [...doc.violations, ...doc.exempted],
        ...(doc.settings
            ? {
                  approvedLocations: Object.fromEntries(
                      Object.entries(doc.settings.approvedLocations).map(([c, list]) => [
                          c,
                          list.map((a) => ({ location: a.location, until: a.until ?? null })),
                      ]),
                  ),
                  settingsSource: "policy-config" as const,
                  settingsFile: doc.settings.file,
              }
            : {}),
        weakenedConfig: doc.weakenedConfig ?? [],
        acceptedWeakenedConfig: doc.acceptedWeakenedConfig === true,
    };
}
