import { messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "keys-in-approved-locations";

describe(POLICY, () => {
    describe("passes a US bucket under SSE-KMS with a key in us-east-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("reports nothing", () => {
            expect(run.doc!.resources.find((r) => r.name === "us-users-key")?.location).toBe("aws:us-east-1");
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("passes an OCI vault replicated to us-phoenix-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-volume-replica-phx-ad");
        });
        it("models the vault replica and reports nothing", () => {
            expect(run.doc!.flows.find((f) => f.kind === "key-replica")?.destination).toEqual({ location: "oci:us-phoenix-1" });
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("rejects a US bucket without a customer-managed key", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/default-region-from-config");
        });
        it("names the bucket and asks for a key", () => {
            expect(messagesFor(run, POLICY, "us-users")).toEqual([
                "'us-users' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'us-users'. Add one in an approved location.",
            ]);
        });
    });

    describe("rejects a US bucket whose key is in eu-west-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/kms-key-foreign-region");
        });
        it("names the bucket and the key's location", () => {
            expect(run.code).toBe(1);
            expect(namesOf(run, POLICY)).toEqual(["us-users"]);
            expect(messagesFor(run, POLICY, "us-users")).toEqual([
                "the key 'users-key' of 'us-users' (us-user-data) is in aws:eu-west-1, not approved for us-user-data (approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1). Use a key in an approved location.",
            ]);
        });
    });

    describe("rejects a vault replica of the US key's vault in eu-frankfurt-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/oci-vault-replica");
        });
        it("names the replica and asks to remove it", () => {
            expect(namesOf(run, POLICY)).toEqual(["us-vault-replica"]);
            expect(messagesFor(run, POLICY, "us-vault-replica")).toEqual([
                "key replica 'us-vault-replica' puts a key that protects us-user-data in oci:eu-frankfurt-1, not approved for us-user-data. Remove the replica.",
            ]);
        });
    });
});
