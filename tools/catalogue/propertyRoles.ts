import { PROPERTY_ROLES } from "../../policies/model/propertyRoles";
import { argumentsOf } from "./arguments";
import { cataloguedSdkType } from "./installedType";
import { inputProperties, outputProperties } from "./sdkTypes";

type Roles = Readonly<Record<string, Readonly<Record<string, { props: readonly string[]; reason: string }>>>>;

/** The argument path a role's property names: `a[*].b` is `a.b`; a path into a JSON document stops at the document. */
function argumentPath(prop: string): string {
    return prop.split("<json>")[0].replace(/\[\*\]/g, "");
}

/**
 * Why an entry of the property-role tables is wrong, or none: each type must be a resource type of the installed
 * SDKs, and each property an input argument of it (at its depth), so an entry cannot name what no program sets; in
 * OWN_ADDRESSES each must be an output of the type and never an input, so that no program can set one.
 */
export function propertyRoleProblems(roles: Roles = PROPERTY_ROLES, root = process.cwd()): string[] {
    const problems: string[] = [];
    for (const [table, entries] of Object.entries(roles)) {
        for (const [token, role] of Object.entries(entries)) {
            const found = cataloguedSdkType(token, root);
            if (!found) {
                problems.push(`${table}: ${token} is not a resource type of the installed SDKs`);
                continue;
            }
            if (role.reason.trim().length < 10) problems.push(`${table}: ${token} has no reason`);
            if (table === "OWN_ADDRESSES") {
                const outputs = new Set(outputProperties(found.pkgDir, found.type));
                const inputs = new Set(inputProperties(found.pkgDir, found.type));
                for (const prop of role.props) {
                    if (!outputs.has(prop)) problems.push(`${table}: ${token} has no output '${prop}'`);
                    if (inputs.has(prop)) problems.push(`${table}: ${token} takes '${prop}' as an input, so a program could set it`);
                }
                continue;
            }
            const args = new Set(argumentsOf(found.pkgDir, found.type).map((a) => a.path));
            for (const prop of role.props) {
                if (!args.has(argumentPath(prop))) problems.push(`${table}: ${token} has no argument '${argumentPath(prop)}' (from '${prop}')`);
            }
        }
    }
    return problems;
}
