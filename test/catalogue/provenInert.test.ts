import { INERT_ARGUMENTS_READ, PROVEN_INERT } from "../../policies/model/catalogue/inert";
import { inertListProblems, inertProblems } from "../../tools/catalogue/inert";

const REASON = "a reason long enough to read";

describe("the proven-inert list", () => {
    it.each(Object.keys(PROVEN_INERT))("%s: exists, is not data-bearing, and names no place data can go", (token) => {
        expect(inertProblems(token, PROVEN_INERT[token], INERT_ARGUMENTS_READ[token])).toEqual([]);
    });

    it("explains only arguments of listed types, each still one the review flags", () => {
        expect(inertListProblems()).toEqual([]);
    });

    it("is short: the list is the exception", () => {
        expect(Object.keys(PROVEN_INERT).length).toBeLessThan(60);
    });
});

describe("a wrong proven-inert entry is caught", () => {
    it.each<[string, RegExp]>([
        // Data-bearing in the catalogue.
        ["aws:s3/bucketV2:BucketV2", /is store in the catalogue/],
        ["aws:lb/loadBalancer:LoadBalancer", /is copy in the catalogue/],
        ["aws:kms/key:Key", /is key in the catalogue/],
        // Not data-bearing, but an argument names a place data can go or data it takes.
        ["random:index/randomShuffle:RandomShuffle", /argument 'inputs'/],
        ["aws:ec2/subnet:Subnet", /argument 'outpostArn'/],
        ["aws:iam/role:Role", /argument 'managedPolicyArns'/],
        ["aws:kms/alias:Alias", /argument 'targetKeyId'/],
        ["aws:ec2/tag:Tag", /argument 'value'/],
        ["aws:rds/parameterGroup:ParameterGroup", /argument 'parameters'/],
        ["aws:rds/subnetGroup:SubnetGroup", /argument 'subnetIds'/],
        [
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            /argument 'rules.applyServerSideEncryptionByDefault.kmsMasterKeyId'/,
        ],
        ["aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", /argument 'corsRules.allowedOrigins'/],
        ["aws:cloudwatch/metricAlarm:MetricAlarm", /argument 'alarmActions'/],
        ["oci:Core/subnet:Subnet", /argument '/],
        // Not a type at all.
        ["aws:s3/bucket:NoSuchType", /not a resource type of the installed SDKs/],
        ["acme:index:Thing", /not a resource type of the installed SDKs/],
    ])("%s", (token, problem) => {
        const problems = inertProblems(token, REASON);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.join("\n")).toMatch(problem);
    });

    it("an entry without a reason", () => {
        expect(inertProblems("random:index/randomUuid:RandomUuid", "")).toEqual(["random:index/randomUuid:RandomUuid has no reason"]);
    });

    it("an explanation for an argument the type does not have, or the review no longer flags", () => {
        expect(inertProblems("aws:ec2/vpc:Vpc", REASON, { ...INERT_ARGUMENTS_READ["aws:ec2/vpc:Vpc"], peerRegion: "made up" })).toEqual([
            "aws:ec2/vpc:Vpc: 'peerRegion' is explained but is no longer an argument the review flags; drop it",
        ]);
    });

    it("an argument left unexplained", () => {
        const { enableDnsSupport: _read, ...rest } = INERT_ARGUMENTS_READ["aws:ec2/vpc:Vpc"];
        expect(inertProblems("aws:ec2/vpc:Vpc", REASON, rest)).toEqual([
            expect.stringMatching(/^aws:ec2\/vpc:Vpc: argument 'enableDnsSupport' may name a place data can go/),
        ]);
    });
});
