import type { ReportDocument } from "../report/model";
import { PREVIEW_DOCUMENT_VERSION, type PreviewDocument, type PreviewResource } from "./previewDocumentSchema";

export type { PreviewDocument, PreviewResource, PreviewViolation } from "./previewDocumentSchema";

/**
 * The offline preview's `--json` document (docs/preview-json.md), rendered from its report document: the same
 * resources, copies and results, in the preview's format that `npm run report` reads back.
 */
export function renderPreviewDocument(doc: ReportDocument): PreviewDocument {
    const s = doc.summary;
    return {
        version: PREVIEW_DOCUMENT_VERSION,
        kind: "offline-preview",
        project: doc.project ?? "",
        stack: doc.stack ?? "",
        policyPacks: doc.policyPacks.map((p) => ({ name: p.name, version: p.version, path: p.path ?? "" })),
        resources: doc.resources.map((r): PreviewResource => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            provider: r.provider,
            custom: r.custom ?? false,
            isDataStore: r.isDataStore,
            role: r.role ?? "other",
            location: r.location,
            locationProblem: r.locationProblem,
            dataClass: r.dataClass,
            dataClassLabel: r.dataClassLabel,
            dataClassProblem: r.dataClassProblem,
            source: r.source,
        })),
        flows: doc.flows,
        violations: doc.violations,
        exempted: doc.exemptions.map((e) => e.result),
        weakenedConfig: doc.enforcement.weakenedConfig,
        acceptedWeakenedConfig: doc.enforcement.acceptedWeakenedConfig,
        unknownInvokes: doc.preview?.unknownInvokes ?? [],
        environmentRemoved: doc.preview?.environmentRemoved ?? [],
        resourcesBehindUnknowns: doc.preview?.resourcesBehindUnknowns ?? [],
        partial: doc.scope.partial,
        unisolated: doc.scope.unisolated,
        summary: { resources: s.resources, dataStores: s.dataStores, flows: s.flows, mandatory: s.mandatory, advisory: s.advisory, exempted: s.exempted },
        settings:
            doc.settings.source === "policy-config"
                ? {
                      file: doc.settings.file ?? "",
                      approvedLocations: doc.settings.approvedLocations,
                      ...(doc.settings.approvedExternalDestinations ? { approvedExternalDestinations: doc.settings.approvedExternalDestinations } : {}),
                  }
                : null,
    };
}
