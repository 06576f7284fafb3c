/**
 * What each policy is to the tools (policies/model/policyRoles.ts) is declared once, beside the policy, and travels
 * as its tags: every list of policies is read from them. The README's policy table must say what the pack says.
 */
import * as fs from "fs";
import * as path from "path";
import { POLICY_ROLES, ROLE_TAG_PREFIX } from "../../policies/model/policyRoles";
import { resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire, type PackInfo } from "../../tools/analyzer/policyInfo";
import { weakenedByConfig } from "../../tools/analyzer/weakenedConfig";
import { REPO_ROOT } from "../support/offlinePreview";
import { pack } from "./judge";

let info: PackInfo;
beforeAll(async () => {
    info = packInfoFromWire(await pack().getAnalyzerInfo());
});

/** The rows of the README's policy table: name, level (first word), roles. */
function readmeTable(): { name: string; level: string; roles: string[] }[] {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const start = readme.indexOf("| policy | level | roles | applies to | rejects |");
    expect(start).toBeGreaterThan(0);
    const rows = readme.slice(start).split("\n").slice(2);
    return rows
        .slice(
            0,
            rows.findIndex((l) => !l.startsWith("|")),
        )
        .map((l) => {
            const [name, level, roles] = l
                .split("|")
                .slice(1, 4)
                .map((c) => c.trim());
            return { name: name.replace(/`/g, ""), level: level.split(",")[0], roles: roles.split(",").map((r) => r.trim()) };
        });
}

describe("policy roles", () => {
    it("every policy declares at least one role, and every role tag is one of the vocabulary", () => {
        for (const p of info.policies) {
            expect({ policy: p.name, roles: p.roles.length > 0 }).toEqual({ policy: p.name, roles: true });
            const roleTags = p.tags.filter((t) => t.startsWith(ROLE_TAG_PREFIX));
            expect(roleTags.map((t) => t.slice(ROLE_TAG_PREFIX.length)).every((r) => Object.hasOwn(POLICY_ROLES, r))).toBe(true);
            expect(roleTags).toHaveLength(p.roles.length);
        }
    });

    it("the README's policy table lists each policy with the level and roles the pack gives it", () => {
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(readmeTable().sort(byName)).toEqual(info.policies.map((p) => ({ name: p.name, level: p.enforcementLevel, roles: p.roles })).sort(byName));
    });

    it("a config that turns down a policy weakens the gate exactly when the policy's role is core-residency", () => {
        for (const p of info.policies) {
            const file = { [p.name]: "disabled" };
            const weakened = weakenedByConfig(info, file, resolvePolicyConfig(info, file, "test"));
            expect({ policy: p.name, weakened: weakened.length > 0 }).toEqual({ policy: p.name, weakened: p.roles.includes("core-residency") });
        }
    });

    it("each role but hygiene has a policy that holds it, and hygiene and placement policies are told apart", () => {
        const holders = (role: string) => info.policies.filter((p) => (p.roles as string[]).includes(role)).map((p) => p.name);
        for (const role of Object.keys(POLICY_ROLES)) expect({ role, holders: holders(role).length > 0 }).toEqual({ role, holders: true });
        const placing = new Set([...holders("store-location"), ...holders("copy-destination")]);
        expect(holders("hygiene").filter((name) => placing.has(name))).toEqual([]);
    });
});
