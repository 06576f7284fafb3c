export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, as the engine builds it. */
export function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    let qualifiedType = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2] ?? "";
        if (parentType && parentType !== ROOT_STACK_TYPE) qualifiedType = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}
