import { argumentsOf } from "../../tools/catalogue/arguments";
import { destinationDocWords, destinationHits, destinationWords, strongDestinationArguments } from "../../tools/catalogue/destinations";
import { NOT_DATA_BEARING, reviewSheet } from "../../tools/catalogue/review";
import { packageDir, sdkTypes } from "../../tools/catalogue/sdkTypes";
import { CATALOGUED } from "../../tools/catalogue/tables";

const FIX = "move the type to a data-bearing category, or say in its reason why the argument is not a place data goes (README: Classifying a resource type)";

describe("the review of the types that bear no data", () => {
    it("every neutral, reference or access type with an argument that plainly names a place data goes says why it stays", () => {
        const unexplained: string[] = [];
        for (const c of CATALOGUED) {
            const dir = packageDir(c.pkg);
            for (const type of sdkTypes(dir)) {
                const [category, reason] = c.table[type.token] ?? [];
                if (!category || !NOT_DATA_BEARING.includes(category) || reason) continue;
                const strong = strongDestinationArguments(argumentsOf(dir, type));
                if (strong.length > 0) unexplained.push(`${type.token}: ${strong.join(", ")}`);
            }
        }
        expect({ unexplained, fix: FIX }).toEqual({ unexplained: [], fix: FIX });
    });

    it("the review sheet lists each type with its arguments and their hits", () => {
        const sheet = reviewSheet(["copy"], "aws:lb/loadBalancer:");
        expect(sheet).toHaveLength(1);
        const [lb] = sheet;
        expect(lb.arguments).toEqual(expect.arrayContaining(["*accessLogs.bucket", "idleTimeout"]));
        expect(lb.hits.find((h) => h.path === "accessLogs.bucket")?.words).toEqual(expect.arrayContaining(["bucket"]));
    });
});

describe("the arguments of a type", () => {
    it("reads nested input types to any depth", () => {
        const dir = packageDir("@pulumi/aws");
        const type = sdkTypes(dir).find((t) => t.token === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!;
        const paths = argumentsOf(dir, type).map((a) => a.path);
        expect(paths).toEqual(expect.arrayContaining(["rules.destination.bucket", "rules.destination.encryptionConfiguration.replicaKmsKeyId"]));
    });
});

describe("destination-shaped names and docs", () => {
    it.each<[string, string[]]>([
        ["destinationBucketArn", ["destination", "bucket", "arn"]],
        ["webhookUrl", ["webhook", "url"]],
        ["s3BucketName", ["s3", "bucket"]],
        ["enabled", []],
        ["retentionInDays", []],
    ])("%s", (name, words) => {
        expect(destinationWords(name)).toEqual(words);
    });

    it("ignores documentation links, not the words around them", () => {
        expect(destinationDocWords("The [OCID](https://docs.cloud.oracle.com/iaas/endpoints.htm) of the compartment.")).toEqual([]);
        expect(destinationDocWords("The URL of the webhook that receives events.")).toEqual(["url", "webhook"]);
    });

    it("leaves the resource's own region to the location module", () => {
        expect(
            destinationHits([
                {
                    path: "region",
                    name: "region",
                    doc: "Region where this resource will be managed (https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints).",
                },
            ]),
        ).toEqual([]);
        expect(destinationHits([{ path: "destination.region", name: "region", doc: "The region to replicate to." }])).toHaveLength(1);
    });
});
