import { packageDir, sdkTypes, type SdkType } from "./sdkTypes";
import { CATALOGUED } from "./tables";

const installed = new Map<string, ReadonlyMap<string, SdkType>>();

/** A resource type of the installed SDK packages the catalogue classifies, with its package's folder; none if not one. */
export function cataloguedSdkType(token: string, root = process.cwd()): { type: SdkType; pkgDir: string } | undefined {
    const pkg = CATALOGUED.find((c) => token.startsWith(`${c.pkg.slice("@pulumi/".length)}:`))?.pkg;
    if (!pkg) return undefined;
    const pkgDir = packageDir(pkg, root);
    let types = installed.get(pkgDir);
    if (!types) {
        types = new Map(sdkTypes(pkgDir).map((t) => [t.token, t]));
        installed.set(pkgDir, types);
    }
    const type = types.get(token);
    return type ? { type, pkgDir } : undefined;
}
