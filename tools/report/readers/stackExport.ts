import { UserInputError } from "../../errors";
import { check, DEPLOYMENT_SCHEMA_VERSIONS, DeploymentV3, deploymentV3Schema, ResourceV3, untypedDeploymentSchema, UntypedDeployment } from "../pulumiFormats";
import { graphOfStates, keysThePoliciesCannotSee } from "../stateGraph";
import type { ResourceGraph } from "../../graph/resourceGraph";
import { inputFromGraph } from "./fromGraph";
import type { ReportInput } from "../model";

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `pulumi stack export` output (`UntypedDeployment`), or a backend's checkpoint file (`VersionedCheckpoint`). */
export function isStackExport(value: unknown): boolean {
    return isRecord(value) && "version" in value && ("deployment" in value || "checkpoint" in value);
}

/** The checkpoint's live resources (pending deletes dropped, as the engine's snapshot analysis does). */
export function readDeployment(value: unknown, file: string): { deployment: DeploymentV3; resources: ResourceV3[] } {
    const what = `checkpoint ${file}`;
    let untyped: UntypedDeployment;
    if (isRecord(value) && "checkpoint" in value && !("deployment" in value)) {
        // A self-managed backend's state file: VersionedCheckpoint {version, checkpoint: CheckpointV3 {stack, config, latest}}.
        const inner = value.checkpoint;
        untyped = { version: value.version as number, deployment: (isRecord(inner) ? inner.latest : undefined) as DeploymentV3 };
        if (!isRecord(untyped.deployment))
            throw new UserInputError(`${what} has no deployment: its 'checkpoint.latest' is missing (the stack was never updated)`);
    } else {
        try {
            untyped = check<UntypedDeployment>(untypedDeploymentSchema, value, what);
        } catch (e) {
            throw new UserInputError(`${(e as Error).message}. Expected the output of 'pulumi stack export': {"version": 3 or 4, "deployment": {...}}`);
        }
    }
    if (!(DEPLOYMENT_SCHEMA_VERSIONS as readonly number[]).includes(untyped.version)) {
        const newer = typeof untyped.version === "number" && untyped.version > Math.max(...DEPLOYMENT_SCHEMA_VERSIONS);
        throw new UserInputError(
            `${what} has deployment version ${JSON.stringify(untyped.version)}; supported versions: ${DEPLOYMENT_SCHEMA_VERSIONS.join(" and ")}. ${
                newer
                    ? "It was written by a newer Pulumi CLI than this tool knows: update this tool."
                    : "Export it again with a current Pulumi CLI ('pulumi stack export')."
            }`,
        );
    }
    let deployment: DeploymentV3;
    try {
        deployment = check<DeploymentV3>(deploymentV3Schema, untyped.deployment, `${what} (deployment)`);
    } catch (e) {
        throw new UserInputError((e as Error).message);
    }
    const resources = (deployment.resources ?? []).filter((r) => !r.delete);
    if (resources.length === 0) throw new UserInputError(`${what} has no resources: there is nothing to report on`);
    return { deployment, resources };
}

/** The checkpoint's resources as the analyzer sees them in `AnalyzeStack`: their outputs. */
export function graphOfDeployment(value: unknown, file: string): { graph: ResourceGraph; resources: ResourceV3[] } {
    const { resources } = readDeployment(value, file);
    return { graph: graphOfStates(resources, "outputs"), resources };
}

/** Report input from a checkpoint: locations, classes and flows from its outputs; no policy results. */
export function readStackExport(value: unknown, file: string): ReportInput {
    const { graph, resources } = graphOfDeployment(value, file);
    return { ...inputFromGraph(graph, [], "stack-export", file), diagnostics: keysThePoliciesCannotSee(resources) };
}
