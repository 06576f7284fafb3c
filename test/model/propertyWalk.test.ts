import { walkStrings } from "../../policies/model/propertyWalk";
import { UNKNOWN_SENTINEL } from "../../policies/model/unknown";

type Visit = [value: string, key: string, path: string];

function visits(props: unknown): Visit[] {
    const out: Visit[] = [];
    walkStrings(props, (value, key, path) => out.push([value, key, path()]));
    return out;
}

describe("walkStrings", () => {
    const props = {
        bucket: "records",
        tags: { "data-class": "us-user-data" },
        rules: [{ destination: { bucket: "arn:aws:s3:::copy", storageClass: "STANDARD" } }, { id: UNKNOWN_SENTINEL, enabled: true }],
        policy: { Statement: [{ Resource: ["arn:aws:s3:::a", "arn:aws:s3:::b"] }] },
    };

    it("visits every known string with the key that holds it and its path, tags and unknowns left out", () => {
        expect(visits(props)).toEqual([
            ["records", "bucket", "bucket"],
            ["arn:aws:s3:::copy", "bucket", "rules[0].destination.bucket"],
            ["STANDARD", "storageClass", "rules[0].destination.storageClass"],
            ["arn:aws:s3:::a", "Resource", "policy.Statement[0].Resource[0]"],
            ["arn:aws:s3:::b", "Resource", "policy.Statement[0].Resource[1]"],
        ]);
    });

    it("gives the same strings on every walk of the same inputs (each read once and kept)", () => {
        expect(visits(props)).toEqual(visits(props));
        expect(visits(structuredClone(props))).toEqual(visits(props));
    });

    it("reads tags as data below the top level, and a string given alone", () => {
        expect(visits({ spec: { tags: { k: "v" } } })).toEqual([["v", "k", "spec.tags.k"]]);
        expect(visits("arn:aws:sqs:us-east-1:1:q")).toEqual([["arn:aws:sqs:us-east-1:1:q", "", ""]]);
    });

    it("stops at a depth of 32", () => {
        let deep: unknown = "bottom";
        for (let i = 0; i < 40; i++) deep = { d: deep };
        expect(visits(deep)).toEqual([]);
        let shallow: unknown = "bottom";
        for (let i = 0; i < 30; i++) shallow = { d: shallow };
        expect(visits(shallow).map(([v]) => v)).toEqual(["bottom"]);
    });
});
