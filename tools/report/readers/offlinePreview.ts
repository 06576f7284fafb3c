import { PREVIEW_DOCUMENT_VERSION, previewDocumentReadSchema, type PreviewDocumentAsRead } from "../../preview/previewDocumentSchema";
import { UserInputError } from "../../errors";
import { check } from "../pulumiFormats";
import type { ReportInput } from "../model";

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
    let doc: PreviewDocumentAsRead;
    try {
        doc = check<PreviewDocumentAsRead>(previewDocumentReadSchema, value, `offline preview JSON ${file ?? ""}`.trim());
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
                      Object.entries(doc.settings.approvedLocations).map(([c, list]) => [c, list.map((a) => ({ location: a.location, until: a.until }))]),
                  ),
                  settingsSource: "policy-config" as const,
                  settingsFile: doc.settings.file,
                  approvedExternalDestinations: doc.settings.approvedExternalDestinations,
              }
            : {}),
        weakenedConfig: doc.weakenedConfig,
        acceptedWeakenedConfig: doc.acceptedWeakenedConfig,
        partial: doc.partial,
        unisolated: doc.unisolated,
    };
}
