import type { InvokeContext } from "../offlineInvokes";
import { awsAccount, providerSetting } from "../offlineInvokes";
import type { DeclaredShapes } from "./declaredShapes";
import type { ShapeContext } from "./knownValues";

function stringTags(value: unknown): Record<string, string> | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
    return out;
}

/**
 * The context of a registration or invoke through the provider `providerRef` of package `pkg` (its explicit
 * provider's inputs, else the package's stack config), read from the same settings the invoke answers use.
 */
export function shapeContextFor(pkg: string, providerRef: string, invoke: InvokeContext, stack: string, shapes: DeclaredShapes): ShapeContext {
    const region = providerSetting(pkg, "region", providerRef, invoke);
    const ctx: ShapeContext = { project: invoke.project, stack, shapes, region: typeof region === "string" && region !== "" ? region : undefined };
    if (pkg === "aws") {
        ctx.accountId = awsAccount(providerRef, invoke);
        const defaultTags = providerSetting("aws", "defaultTags", providerRef, invoke);
        ctx.defaultTags = stringTags((defaultTags as { tags?: unknown } | undefined)?.tags);
    }
    if (pkg === "oci") {
        const tenancy = providerSetting("oci", "tenancyOcid", providerRef, invoke);
        if (typeof tenancy === "string" && tenancy.startsWith("ocid1.tenancy.")) ctx.tenancy = tenancy;
    }
    return ctx;
}
