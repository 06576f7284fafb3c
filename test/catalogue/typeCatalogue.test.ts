import { DATA_STORE_TYPES, KEY_TYPES } from "../../policies/model/catalogue";
import { UNREVIEWED } from "../../policies/model/catalogue/entry";
import { categoryOf, typeEntryOf, type TypeCategory } from "../../policies/model/typeCatalogue";
import { driftOf, type TableDrift } from "../../tools/catalogue/generate";
import { CATALOGUED } from "../../tools/catalogue/tables";

const FIX = "run `npm run catalogue` and review (README: Classifying a resource type)";

describe("the type catalogue against the installed SDKs", () => {
    const drifts = new Map<string, TableDrift>(CATALOGUED.map((c) => [c.pkg, driftOf(c)]));

    it.each(CATALOGUED.map((c) => c.pkg))("%s: every resource type of the installed SDK is classified", (pkg) => {
        const drift = drifts.get(pkg)!;
        expect(drift.installed.length).toBeGreaterThan(0);
        expect({ unclassified: drift.added.map((t) => t.token), fix: FIX }).toEqual({ unclassified: [], fix: FIX });
        expect({ unreviewed: drift.unreviewed, fix: FIX }).toEqual({ unreviewed: [], fix: FIX });
    });

    it.each(CATALOGUED.map((c) => c.pkg))("%s: every catalogue entry is a type the installed SDK still has", (pkg) => {
        expect({ gone: drifts.get(pkg)!.gone, fix: FIX }).toEqual({ gone: [], fix: FIX });
    });

    it("holds the resource types the pinned SDKs declare", () => {
        const counts = Object.fromEntries([...drifts].map(([pkg, d]) => [pkg, d.installed.length]));
        expect(counts).toEqual({ "@pulumi/aws": 1738, "@pulumi/oci": 991, "@pulumi/random": 10 });
    });

    it("keeps each table to its own package's types", () => {
        for (const c of CATALOGUED) {
            const prefix = `${c.pkg.slice("@pulumi/".length)}:`;
            expect(Object.keys(c.table).filter((token) => !token.startsWith(prefix))).toEqual([]);
        }
    });
});

describe("the type catalogue and the hand-kept lists", () => {
    it.each([...DATA_STORE_TYPES])("%s is a store", (type) => {
        expect(categoryOf(type)).toBe("store");
    });

    it.each([...KEY_TYPES])("%s is a key", (type) => {
        expect(categoryOf(type)).toBe("key");
    });
});

describe("typeEntryOf", () => {
    it.each<[string, TypeCategory | undefined]>([
        ["aws:s3/bucketV2:BucketV2", "store"],
        ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", "copy"],
        ["aws:rds/snapshotCopy:SnapshotCopy", "store"],
        ["aws:dms/replicationTask:ReplicationTask", "copy"],
        ["aws:kms/key:Key", "key"],
        ["aws:iam/role:Role", "access"],
        ["aws:cloudwatch/dashboard:Dashboard", "reference"],
        ["aws:lb/listener:Listener", "copy"],
        ["aws:lambda/function:Function", "compute"],
        ["aws:ec2/vpc:Vpc", "neutral"],
        ["oci:Database/dataGuardAssociation:DataGuardAssociation", "copy"],
        ["oci:Core/instance:Instance", "compute"],
        ["random:index/randomPassword:RandomPassword", "neutral"],
        ["pulumi:pulumi:Stack", "neutral"],
        ["pulumi:providers:aws", "neutral"],
        ["pulumi:providers:oci", "neutral"],
        // Fail closed: dynamic resources, components and anything unknown stay unclassified.
        ["pulumi-nodejs:dynamic:Resource", undefined],
        ["acme:index:Thing", undefined],
        ["aws:s3/bucket:NoSuchType", undefined],
        ["pulumi:providers", undefined],
        ["", undefined],
        ["constructor", undefined],
        ["__proto__", undefined],
    ])("%s is %s", (type, category) => {
        expect(categoryOf(type)).toBe(category);
    });

    it("gives the reason of a non-obvious call", () => {
        expect(typeEntryOf("aws:dynamodb/table:Table")?.reason).toMatch(/also copies via replicas/);
    });

    it("answers every reviewed entry as the table gives it", () => {
        for (const c of CATALOGUED) {
            for (const [token, [category, reason]] of Object.entries(c.table)) {
                expect({ token, entry: typeEntryOf(token) }).toEqual({ token, entry: reason === undefined ? { category } : { category, reason } });
            }
        }
    });

    it("treats an entry still marked UNREVIEWED as unclassified", () => {
        jest.isolateModules(() => {
            jest.doMock("../../policies/model/catalogue/random", () => ({
                RANDOM_TYPES: {
                    "random:index/randomPet:RandomPet": ["neutral", `${UNREVIEWED} seed: like 3 reviewed *Pet`],
                    "random:index/randomId:RandomId": ["neutral"],
                },
            }));
            // A fresh copy of the module over the mocked table: isolateModules needs a synchronous require.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const isolated = require("../../policies/model/typeCatalogue") as typeof import("../../policies/model/typeCatalogue");
            expect(isolated.categoryOf("random:index/randomPet:RandomPet")).toBeUndefined();
            expect(isolated.typeEntryOf("random:index/randomPet:RandomPet")).toBeUndefined();
            expect(isolated.categoryOf("random:index/randomId:RandomId")).toBe("neutral");
        });
        jest.dontMock("../../policies/model/catalogue/random");
    });
});
