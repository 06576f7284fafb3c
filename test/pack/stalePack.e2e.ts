import * as fs from "fs";
import * as path from "path";
import { launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { copyOurPack } from "./packCopy";

// The CLI starts a local pack with `run-policy-pack <engine> <dir>` and Node loads `main` of its package.json.
// Whatever that start runs must be the sources as they are, never an older bin/.

const RULE = path.join("rules", "usTrafficSteeredToOci.ts");
const POLICY = "us-traffic-steered-to-oci";

async function descriptionOverWire(packDir: string): Promise<string | undefined> {
    const pack = await launchPackOverGrpc(packDir, 120_000);
    try {
        const info = packInfoFromWire(await pack.getAnalyzerInfo());
        return info.policies.find((p) => p.name === POLICY)?.description;
    } finally {
        pack.close();
    }
}

describe("a pack started as the CLI starts it is built from its sources as they are", () => {
    let copy: ReturnType<typeof copyOurPack>;
    beforeAll(() => {
        copy = copyOurPack("stale");
    });
    afterAll(() => copy?.remove());

    it("runs the edited rule after a source change, without a manual build", async () => {
        const before = await descriptionOverWire(copy.dir);
        expect(before).toMatch(/^A DNS steering policy/);

        const rule = path.join(copy.dir, RULE);
        const source = fs.readFileSync(rule, "utf8");
        expect(source).toContain(before);
        fs.writeFileSync(rule, source.replace(before!, `Edited after the last build. ${before}`));

        expect(await descriptionOverWire(copy.dir)).toBe(`Edited after the last build. ${before}`);
    }, 300_000);

    it("refuses to start, naming the compiler error, when the edited sources do not compile", async () => {
        const rule = path.join(copy.dir, RULE);
        fs.appendFileSync(rule, "\nexport const broken: number = 'not a number';\n");
        const start = launchPackOverGrpc(copy.dir, 120_000);
        await expect(start).rejects.toThrow(/exited with [1-9][0-9]* before printing its port[\s\S]*does not compile[\s\S]*TS2322/);
    }, 300_000);
});
