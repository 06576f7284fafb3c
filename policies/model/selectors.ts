/**
 * Sources picked by tag, type or query. Lifecycle, backup, association and organization-level policies copy
 * every store their selectors match: each selector is matched against the stack's stores by their tags, type
 * and region, and a selector that can match what is not in the stack (a tag, a wildcard, a whole account or
 * compartment) matches everything there, which is held to us-user-data unless the selector pins the label
 * (`data-class` equal to one class: such stores declare that class). The copy carries the strictest class
 * of what it matches. A query engine (an Athena workgroup) picks every table of its region's catalog.
 */
import { arnCanName, type ParsedArn } from "./arn";
import { DATA_CLASS_LABEL, type DataClass, isDataClass, strictest } from "./dataClass";
import type { ModelResource, ResourceIndex } from "./graph";
import { resolveLocation } from "./location";
import { providerInputValue } from "./providerInputs";
import { plainOf } from "./propertyWalk";
import { holdsData, movesData, roleOf } from "./roles";
import { get, getPath, isString, keysOf, list, UNKNOWN } from "./unknown";
import type { ResourceFacts } from "./stackModel";

type Facts = Map<string, ResourceFacts>;

/** One alternative of a selector: the stack's resources it matches, and what it can match beyond the stack. */
interface Part {
    matched: ModelResource[];
    /** Undefined: nothing outside the stack; a class: stores outside labelled so; "any": anything. */
    beyond?: DataClass | "any";
    what: string;
}

export interface Selection {
    carrier: ModelResource;
    property: string;
    /** The class of what the selection picks, given the classes of the stack's resources. */
    carries(facts: Facts): DataClass;
    describe(facts: Facts): string;
}

/** The tags of a resource as strings: AWS tags over the provider's defaultTags; OCI freeform and defined tags. */
const tagsCache = new WeakMap<ModelResource, Map<string, string> | typeof UNKNOWN>();

export function tagsOf(r: ModelResource): Map<string, string> | typeof UNKNOWN {
    let cached = tagsCache.get(r);
    if (cached === undefined) tagsCache.set(r, (cached = readTags(r)));
    return cached;
}

function readTags(r: ModelResource): Map<string, string> | typeof UNKNOWN {
    const out = new Map<string, string>();
    const add = (map: unknown, prefix = ""): boolean => {
        if (map === UNKNOWN) return false;
        for (const k of keysOf(map)) {
            const v = get(map, k);
            if (v === UNKNOWN) return false;
            if (isString(v)) out.set(prefix ? `${prefix}${k}` : k, v);
        }
        return true;
    };
    if (r.type.startsWith("aws:")) {
        if (r.provider) {
            const defaults = providerInputValue(get(r.provider.props, "defaultTags"));
            if (defaults === UNKNOWN || !add(get(defaults, "tags"))) return UNKNOWN;
        }
        if (!add(get(r.props, "tags"))) return UNKNOWN;
    } else if (r.type.startsWith("oci:")) {
        if (!add(get(r.props, "freeformTags"))) return UNKNOWN;
        const defined = get(r.props, "definedTags");
        if (defined === UNKNOWN) return UNKNOWN;
        for (const k of keysOf(defined)) {
            const v = get(defined, k);
            if (!isString(v)) continue;
            out.set(k, v);
            out.set(k.slice(k.lastIndexOf(".") + 1), v);
        }
    } else if (!add(get(r.props, "tags"))) return UNKNOWN;
    return out;
}

function glob(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    );
}

/** Resources the stack holds data in (stores, movers, anything labelled), optionally of some types. */
const holdersCache = new WeakMap<ResourceIndex, ModelResource[]>();

function dataHolders(index: ResourceIndex, types?: (r: ModelResource) => boolean): ModelResource[] {
    let all = holdersCache.get(index);
    if (!all) {
        all = index.resources.filter((r) => {
            const role = roleOf(r);
            return holdsData(role) || movesData(role) || (r.custom !== false && role !== "provider" && role !== "stack" && role !== "component");
        });
        holdersCache.set(index, all);
    }
    return types ? all.filter(types) : all;
}

/** A part that picks by one tag: stack resources whose tag matches, and, beyond the stack, what that tag says. */
function tagPart(index: ResourceIndex, key: string, matches: (value: string) => boolean, values: string[], types?: (r: ModelResource) => boolean): Part {
    const matched = dataHolders(index, types).filter((r) => {
        const tags = tagsOf(r);
        if (tags === UNKNOWN) return true;
        const v = tags.get(key);
        return v !== undefined && matches(v);
    });
    const pinned = key === DATA_CLASS_LABEL && values.length > 0 && values.every(isDataClass);
    const beyond = pinned ? values.reduce<DataClass>((a, v) => strictest(a, v as DataClass), "no-user-data") : "any";
    return { matched, beyond, what: `tag '${key}' ${values.length > 0 ? `in ${values.map((v) => `'${v}'`).join(", ")}` : "set"}` };
}

/** A part that picks by an ARN pattern (`arn:aws:dynamodb:*:*:table/*`, `*`): the stack's stores it fits, and anything beyond. */
function arnPart(index: ResourceIndex, pattern: string): Part {
    if (pattern === "*") return { matched: dataHolders(index), beyond: "any", what: "'*' (every resource)" };
    const parts = pattern.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return { matched: [], beyond: "any", what: `'${pattern.slice(0, 120)}'` };
    const [, partition, service, region, , ...rest] = parts;
    const resource = rest.join(":");
    const arn: ParsedArn = { partition: partition.replace(/\*/g, "aws"), service, region, resource };
    const name = resource.includes("/")
        ? resource.slice(resource.indexOf("/") + 1)
        : resource.includes(":")
          ? resource.slice(resource.indexOf(":") + 1)
          : resource;
    const nameRe = glob(name.split("/")[0] || "*");
    const matched = dataHolders(index).filter((r) => {
        if (!arnCanName(arn, r.type) && !(service === "*")) return false;
        if (region && region !== "*") {
            const loc = resolveLocation(r);
            if (loc.kind === "known" && !glob(region).test(loc.location.slice(loc.location.indexOf(":") + 1))) return false;
        }
        const props = plainOf(r.props) as Record<string, unknown> | undefined;
        const ids = ["bucket", "name", "identifier", "clusterIdentifier", "fileSystemId"].map((k) => props?.[k]).filter(isString);
        return ids.length === 0 || ids.some((id) => nameRe.test(id));
    });
    const wildcard = pattern.includes("*");
    return { matched, beyond: wildcard || matched.length === 0 ? "any" : undefined, what: `'${pattern.slice(0, 120)}'` };
}

function makeSelection(carrier: ModelResource, property: string, parts: Part[], pin?: DataClass): Selection {
    const classOf = (facts: Facts, r: ModelResource): DataClass => {
        const f = facts.get(r.urn);
        if (!f) return "us-user-data";
        return f.effectiveClass ?? (f.isStore ? "us-user-data" : "no-user-data");
    };
    return {
        carrier,
        property,
        carries: (facts) => {
            let cls: DataClass = "no-user-data";
            for (const p of parts) {
                for (const r of p.matched) if (r !== carrier) cls = strictest(cls, classOf(facts, r));
                if (p.beyond) cls = strictest(cls, p.beyond === "any" ? (pin ?? "us-user-data") : pin ? strictest(pin, p.beyond) : p.beyond);
            }
            return cls;
        },
        describe: (facts) => {
            const bits = parts.map((p) => {
                const stores = p.matched.filter((r) => r !== carrier);
                const top = stores
                    .filter((r) => classOf(facts, r) !== "no-user-data")
                    .slice(0, 3)
                    .map((r) => `'${r.name}'`);
                const beyond =
                    p.beyond === "any"
                        ? pin
                            ? `, and beyond this stack what is labelled ${pin}`
                            : ", and anything outside this stack (held to us-user-data)"
                        : p.beyond
                          ? `, and beyond this stack what is labelled ${p.beyond}`
                          : "";
                return `${p.what} matches ${stores.length} resource(s) of this stack${top.length > 0 ? ` (${top.join(", ")})` : ""}${beyond}`;
            });
            return `'${property}': ${bits.join("; ")}`;
        },
    };
}

/** The data-class an AND-ed condition pins: `stringEquals aws:ResourceTag/data-class = <class>`. */
function pinOf(conditions: unknown): DataClass | undefined {
    for (const c of Array.isArray(conditions) ? conditions : [conditions]) {
        for (const eq of list(c, "stringEquals") === UNKNOWN ? [] : (list(c, "stringEquals") as unknown[])) {
            const key = get(eq, "key");
            const value = get(eq, "value");
            if (isString(key) && key.replace(/^aws:ResourceTag\//, "") === DATA_CLASS_LABEL && isDataClass(value)) return value;
        }
    }
    return undefined;
}

const unknownPart = (what: string): Part => ({ matched: [], beyond: "any", what: `${what} (not known at preview)` });

/** AWS Backup selections: resources (ARN patterns) or selection tags, AND-ed with conditions. */
export function backupSelectionParts(r: ModelResource, index: ResourceIndex): { parts: Part[]; pin?: DataClass } {
    const parts: Part[] = [];
    const conditions = get(r.props, "conditions");
    const pin = conditions === UNKNOWN ? undefined : pinOf(conditions);
    const resources = list(r.props, "resources");
    if (resources === UNKNOWN) parts.push(unknownPart("'resources'"));
    else for (const v of resources) if (isString(v) && (v.includes("*") || !v.startsWith("arn:"))) parts.push(arnPart(index, v));
    const tags = list(r.props, "selectionTags");
    if (tags === UNKNOWN) parts.push(unknownPart("'selectionTags'"));
    else
        for (const t of tags) {
            const key = get(t, "key");
            const value = get(t, "value");
            if (!isString(key) || !isString(value)) parts.push(unknownPart("a selection tag"));
            else parts.push(tagPart(index, key, (v) => v === value, [value]));
        }
    if (conditions === UNKNOWN) parts.push(unknownPart("'conditions'"));
    else if (parts.length === 0 && conditions !== undefined && conditions !== null && !(Array.isArray(conditions) && conditions.length === 0)) {
        // Conditions alone select every resource of the account that meets them.
        parts.push({ matched: dataHolders(index), beyond: "any", what: "'conditions'" });
    }
    return { parts, pin };
}

const VOLUME_TYPES = (r: ModelResource) => r.type === "aws:ebs/volume:Volume" || r.type === "aws:ec2/instance:Instance";
const INSTANCE_TYPES = (r: ModelResource) => r.type === "aws:ec2/instance:Instance" || r.type === "aws:ec2/spotInstanceRequest:SpotInstanceRequest";

function tagMapParts(index: ResourceIndex, map: unknown, what: string, types?: (r: ModelResource) => boolean): Part[] {
    if (map === UNKNOWN) return [unknownPart(what)];
    const keys = keysOf(map);
    if (keys.length === 0) return [];
    return keys.map((k) => {
        const v = get(map, k);
        return isString(v) ? tagPart(index, k, (x) => x === v, [v], types) : unknownPart(`${what}.${k}`);
    });
}

/** What the Data Catalog of a region holds, that Athena's queries read by name. */
const CATALOG_TYPES = new Set([
    "aws:glue/catalogTable:CatalogTable",
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:athena/database:Database",
    "aws:athena/dataCatalog:DataCatalog",
]);

/** The catalog entries of the stack a query engine at `r` may read: those of its region (any, where a location is not known). */
function catalogOfRegion(r: ModelResource, index: ResourceIndex): ModelResource[] {
    const at = resolveLocation(r);
    return index.resources.filter((x) => {
        if (!CATALOG_TYPES.has(x.type)) return false;
        const there = resolveLocation(x);
        return at.kind !== "known" || there.kind !== "known" || there.location === at.location;
    });
}

/** Selectors of types that are not flow extractors: each raises its carrier to the class of what it picks. */
const SELECTORS: Record<string, (r: ModelResource, index: ResourceIndex) => Selection[]> = {
    "aws:dlm/lifecyclePolicy:LifecyclePolicy": (r, index) => {
        const details = get(r.props, "policyDetails");
        if (details === UNKNOWN) return [makeSelection(r, "policyDetails", [unknownPart("'policyDetails'")])];
        const parts = tagMapParts(index, get(details, "targetTags"), "'policyDetails.targetTags'", VOLUME_TYPES);
        // An event-based policy copies snapshots other accounts share: nothing of this stack, anything at all.
        if (get(details, "eventSource") !== undefined || get(details, "policyType") === "EVENT_BASED_POLICY") {
            parts.push({ matched: [], beyond: "any", what: "'policyDetails.eventSource' (snapshots shared by other accounts)" });
        }
        if (parts.length === 0 && get(details, "policyType") !== "IMAGE_MANAGEMENT")
            parts.push({ matched: dataHolders(index, VOLUME_TYPES), beyond: "any", what: "no target tags (every volume)" });
        return [makeSelection(r, "policyDetails.targetTags", parts)];
    },
    "aws:ssm/association:Association": (r, index) => {
        const targets = list(r.props, "targets");
        if (targets === UNKNOWN) return [makeSelection(r, "targets", [unknownPart("'targets'")])];
        const parts: Part[] = [];
        for (const t of targets) {
            const key = get(t, "key");
            const values = list(t, "values");
            if (!isString(key) || values === UNKNOWN) {
                parts.push(unknownPart("a target"));
                continue;
            }
            const vals = values.filter(isString);
            if (key.startsWith("tag:")) parts.push(tagPart(index, key.slice(4), (v) => vals.includes(v), vals, INSTANCE_TYPES));
            else if (key === "tag-key") parts.push({ ...tagPart(index, vals[0] ?? "", () => true, [], INSTANCE_TYPES), beyond: "any" });
            else if (key === "InstanceIds" && vals.every((v) => v !== "*"))
                continue; // named instances: references, followed as inputs
            else parts.push({ matched: dataHolders(index, INSTANCE_TYPES), beyond: "any", what: `target '${key}'` });
        }
        return parts.length > 0 ? [makeSelection(r, "targets", parts)] : [];
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": (r, index) => {
        const arns = list(r.props, "protectedResourceArns");
        const parts: Part[] = [];
        if (arns === UNKNOWN) parts.push(unknownPart("'protectedResourceArns'"));
        else for (const a of arns) if (isString(a) && (a.includes("*") || !a.startsWith("arn:"))) parts.push(arnPart(index, a));
        const cond = get(r.props, "protectedResourceConditions");
        const pin = cond === UNKNOWN ? undefined : pinOf(cond);
        if (cond === UNKNOWN) parts.push(unknownPart("'protectedResourceConditions'"));
        return parts.length > 0 ? [makeSelection(r, "protectedResourceArns", parts, pin)] : [];
    },
    // A workgroup runs whatever query it is given over its region's catalog and writes every result where it says.
    "aws:athena/workgroup:Workgroup": (r, index) => {
        const tables = catalogOfRegion(r, index);
        if (tables.length === 0) return [];
        return [makeSelection(r, "configuration", [{ matched: tables, what: "the Data Catalog of its region (every table its queries may read)" }])];
    },
    "aws:macie2/classificationJob:ClassificationJob": (r) => {
        const criteria = getPath(r.props, "s3JobDefinition", "bucketCriteria");
        if (criteria === undefined || criteria === null) return [];
        return [
            makeSelection(r, "s3JobDefinition.bucketCriteria", [
                { matched: [], beyond: "any", what: "bucket criteria (every bucket of the account that meets them)" },
            ]),
        ];
    },
    "aws:cloudwatch/logAccountPolicy:LogAccountPolicy": (r, index) => [
        makeSelection(r, "selectionCriteria", [
            {
                matched: index.resources.filter((x) => x.type === "aws:cloudwatch/logGroup:LogGroup"),
                beyond: "any",
                what: "an account-wide policy (every log group of the account it selects)",
            },
        ]),
    ],
    "aws:organizations/policy:Policy": (r) => {
        const type = get(r.props, "type");
        if (type !== "BACKUP_POLICY" && type !== UNKNOWN) return [];
        const content = get(r.props, "content");
        if (!isString(content)) return [makeSelection(r, "content", [unknownPart("'content'")])];
        const pins: DataClass[] = [];
        let unpinned = false;
        const walk = (v: unknown, depth: number): void => {
            if (depth > 12 || v === null || typeof v !== "object") return;
            const o = v as Record<string, unknown>;
            if ("tag_key" in o) {
                const key = JSON.stringify(o.tag_key ?? "");
                // The values it selects (under '@@assign' and the like): it pins the class only if each one is a class.
                const values: unknown[] = [];
                const leaves = (x: unknown, d: number): void => {
                    if (d > 12 || x === null || typeof x !== "object") return void values.push(x);
                    for (const y of Object.values(x)) leaves(y, d + 1);
                };
                leaves(o.tag_value, 0);
                if (key.includes(`"${DATA_CLASS_LABEL}"`) && values.length > 0 && values.every(isDataClass)) pins.push(...(values as DataClass[]));
                else unpinned = true;
            }
            for (const x of Object.values(o)) walk(x, depth + 1);
        };
        let doc: unknown;
        try {
            doc = JSON.parse(content);
        } catch {
            return [makeSelection(r, "content", [unknownPart("'content' (not JSON)")])];
        }
        walk(doc, 0);
        const beyond = unpinned || pins.length === 0 ? "any" : pins.reduce<DataClass>((a, c) => strictest(a, c), "no-user-data");
        return [
            makeSelection(r, "content", [
                { matched: [], beyond, what: "an organization backup policy (every account and resource whose tags its selections name)" },
            ]),
        ];
    },
    "oci:Sch/connector:Connector": (r) => {
        // A source not known at preview may be every log of the compartment.
        if (get(r.props, "source") === UNKNOWN) return [makeSelection(r, "source", [unknownPart("'source'")])];
        const sources = list(get(r.props, "source"), "logSources");
        if (sources === UNKNOWN) return [makeSelection(r, "source.logSources", [unknownPart("'source.logSources'")])];
        const wide = sources.filter((s) => {
            const group = get(s, "logGroupId");
            return group === undefined || group === null || group === "" || group === "_Audit" || group === "_Audit_Include_Subcompartment";
        });
        if (wide.length === 0) return [];
        return [
            makeSelection(r, "source.logSources", [{ matched: [], beyond: "any", what: "logs of a whole compartment (every log group in it, now and later)" }]),
        ];
    },
    "oci:Logging/unifiedAgentConfiguration:UnifiedAgentConfiguration": (r) => {
        const groups = getPath(r.props, "groupAssociation", "groupLists");
        if (groups === undefined || groups === null || (Array.isArray(groups) && groups.length === 0)) return [];
        return [
            makeSelection(r, "groupAssociation.groupLists", [
                { matched: [], beyond: "any", what: "dynamic groups (every instance their matching rules pick, in this stack or not)" },
            ]),
        ];
    },
};

/** Movers that pick their data by its label ('data-class': 'us-user-data' in a filter) move data of that class. */
function labelMentions(r: ModelResource): Selection[] {
    const role = roleOf(r);
    if (!movesData(role)) return [];
    const found: DataClass[] = [];
    const walk = (v: unknown, depth: number) => {
        if (depth > 16) return;
        const p = plainOf(v);
        if (isString(p)) {
            if (isDataClass(p)) found.push(p);
            return;
        }
        if (p === null || typeof p !== "object") return;
        for (const [k, x] of Object.entries(p))
            if (!(depth === 0 && (k === "tags" || k === "tagsAll" || k === "freeformTags" || k === "definedTags"))) walk(x, depth + 1);
    };
    walk(r.props, 0);
    if (found.length === 0) return [];
    const cls = found.reduce<DataClass>((a, c) => strictest(a, c), "no-user-data");
    return [makeSelection(r, "its inputs", [{ matched: [], beyond: cls, what: `a '${DATA_CLASS_LABEL}' value ('${cls}')` }])];
}

/** Every selector a resource declares. */
export function selectionsOf(r: ModelResource, index: ResourceIndex): Selection[] {
    const own = Object.hasOwn(SELECTORS, r.type) ? SELECTORS[r.type] : undefined;
    return [...(own ? own(r, index) : []), ...labelMentions(r)];
}

export { makeSelection, type Part };
