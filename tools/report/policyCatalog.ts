import * as fs from "fs";
import * as path from "path";
import { loadPackInProcess, packEntryPoint } from "../analyzer/inProcessPack";
import { packInfoFromWire, PackInfo } from "../analyzer/policyInfo";
import type { ReportPolicy } from "./model";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export function policiesOf(pack: PackInfo): ReportPolicy[] {
    return pack.policies.map((p) => ({
        policyPack: pack.name,
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        severity: p.severity,
        remediationSteps: p.remediationSteps,
        roles: p.roles,
    }));
}

/**
 * Descriptions, severities and remediation steps of the policies that produced a document's results,
 * asked from the packs themselves (in process, no socket) when their built pack is at the recorded path.
 * A pack that is not there is skipped: its rules are then described by name only. Only packs inside the
 * working directory or this repository are loaded: an input file must not make the report run code from
 * anywhere else.
 */
export async function policyMetadata(packs: { name: string; version: string; path?: string }[]): Promise<ReportPolicy[]> {
    const out: ReportPolicy[] = [];
    for (const p of packs) {
        if (!p.path) continue;
        const inside = (d: string) => [process.cwd(), REPO_ROOT].some((root) => d === root || d.startsWith(root + path.sep));
        const dir = [path.resolve(p.path), path.resolve(REPO_ROOT, p.path)].find((d) => inside(d) && fs.existsSync(path.join(d, "PulumiPolicy.yaml")));
        if (!dir) continue;
        try {
            if (!fs.existsSync(packEntryPoint(dir))) continue;
            const conn = loadPackInProcess(dir);
            const info = packInfoFromWire(await conn.getAnalyzerInfo());
            conn.close();
            if (info.name === p.name) out.push(...policiesOf(info));
        } catch {
            // Metadata is an embellishment: a pack that cannot load leaves its rules described by name.
        }
    }
    return out;
}
