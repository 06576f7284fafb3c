import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { nameOfUrn } from "../analyzer/runAnalysis";
import type { ResourceV3 } from "./pulumiFormats";
import { JsonValue, toAnalyzerProperties } from "./propertyValues";

/**
 * The project directory that resource source positions are made relative to. Pulumi records them as
 * `project:///<path relative to the project>#<line>[,<column>]`; they are mapped under this root so the
 * offline preview's document builder gives back the project-relative path.
 */
export const PROJECT_ROOT = "/__pulumi_project__";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function stackAndProjectOf(urn: string): { stack: string; project: string } | undefined {
    const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    return m ? { stack: m[1], project: m[2] } : undefined;
}

function typeOfUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) return "";
    const qualified = parts[2];
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

export function sourcePositionOf(raw: string | undefined): { uri: string; line: number } | undefined {
    if (!raw) return undefined;
    const m = /^project:\/\/(\/.*?)#(\d+)(?:,\d+)?$/.exec(raw);
    if (!m) return undefined;
    return { uri: `file://${PROJECT_ROOT}${m[1]}`, line: Number(m[2]) };
}

export type PropertySource = "outputs" | "inputs" | "outputs-else-inputs";

function pick(r: ResourceV3, source: PropertySource): Record<string, unknown> | undefined {
    if (source === "inputs") return r.inputs;
    if (source === "outputs") return r.outputs;
    return r.outputs && Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs;
}

export function structOf(props: Record<string, JsonValue>): Struct {
    return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

/**
 * Resource states (from a checkpoint or from preview steps) as the graph the analyzer and the residency
 * model read. `properties` come from `source`: the engine gives `AnalyzeStack` a resource's outputs.
 */
export function graphOfStates(states: ResourceV3[], source: PropertySource): ResourceGraph {
    const first = states.find((s) => stackAndProjectOf(s.urn));
    const names = first ? stackAndProjectOf(first.urn)! : { stack: "", project: "" };
    const resources: GraphResource[] = states.map((s) => ({
        urn: s.urn,
        type: s.type || typeOfUrn(s.urn),
        name: nameOfUrn(s.urn),
        custom: s.custom ?? false,
        parent: s.parent || undefined,
        provider: s.provider || undefined,
        dependencies: s.dependencies ?? [],
        propertyDependencies: Object.fromEntries(Object.entries(s.propertyDependencies ?? {}).map(([k, v]) => [k, v ?? []])),
        properties: structOf(toAnalyzerProperties(pick(s, source))),
        sourcePosition: sourcePositionOf(s.sourcePosition),
    }));
    return { project: names.project, stack: names.stack, resources };
}

/** A key that @pulumi/policy cannot hand to a policy: it reads properties by assigning each key into a plain object. */
const KEY_THE_POLICY_SDK_DROPS = "__proto__";

function keyPaths(value: unknown, at: string, out: string[], depth = 0): void {
    if (depth > 64 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
        value.forEach((v, i) => keyPaths(v, `${at}[${i}]`, out, depth + 1));
        return;
    }
    for (const [k, v] of Object.entries(value)) {
        const here = at ? `${at}.${k}` : k;
        if (k === KEY_THE_POLICY_SDK_DROPS) out.push(here);
        keyPaths(v, here, out, depth + 1);
    }
}

/**
 * Warnings for the property keys of these states that the policies never see: a `__proto__` key (a tag named so,
 * say) is read as data here, and the resource is judged like any other, but @pulumi/policy drops that key before
 * a policy reads the properties. Each names the resource and the key's path, quoted.
 */
export function keysThePoliciesCannotSee(states: ResourceV3[]): { severity: string; urn: string; message: string }[] {
    return states.flatMap((s) => {
        const paths: string[] = [];
        keyPaths(s.inputs, "inputs", paths);
        keyPaths(s.outputs, "outputs", paths);
        return paths.length === 0
            ? []
            : [
                  {
                      severity: "warning",
                      urn: s.urn,
                      message: `${paths.map((p) => JSON.stringify(p)).join(", ")}: the policies judged this resource without ${paths.length === 1 ? "this key" : "these keys"}, which @pulumi/policy cannot pass to a policy`,
                  },
              ];
    });
}
