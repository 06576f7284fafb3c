import type { PolicyDocument } from "../../infra/guardrails/awsGuardrails";
import { evaluate } from "./iamEvaluator";

// The evaluator the guardrail tests judge with, held to AWS's documented rules for the cases they rely on.

const deny = (Condition: PolicyDocument["Statement"][number]["Condition"]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "D", Effect: "Deny", Action: "s3:*", Resource: "*", Condition }],
});
const run = (doc: PolicyDocument, context: Record<string, string | string[]>) =>
    evaluate(doc, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context }, { scp: true }).allowed;

describe("the IAM evaluator of the guardrail tests", () => {
    it("matches a negated operator when the key is absent, a plain one never", () => {
        expect(run(deny({ StringNotEquals: { "aws:RequestedRegion": "us-east-1" } }), {})).toBe(false);
        expect(run(deny({ StringEquals: { "aws:RequestedRegion": "us-east-1" } }), {})).toBe(true);
        expect(run(deny({ StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } }), { "aws:RequestedRegion": "us-west-2" })).toBe(true);
    });

    it("tests presence with Null, and ANDs every key and operator of a statement", () => {
        expect(run(deny({ Null: { "s3:LocationConstraint": "false" } }), {})).toBe(true);
        expect(
            run(deny({ Null: { "s3:LocationConstraint": "false" }, StringNotEquals: { "s3:LocationConstraint": "us-east-1" } }), {
                "s3:LocationConstraint": "eu-west-1",
            }),
        ).toBe(false);
        expect(
            run(deny({ Null: { "s3:LocationConstraint": "false" }, StringNotEquals: { "s3:LocationConstraint": "us-east-1" } }), {
                "s3:LocationConstraint": "us-east-1",
            }),
        ).toBe(true);
    });

    it("reads ForAnyValue as 'some value', false for an absent key, and ForAllValues as true for one", () => {
        const anyNotUs = deny({ "ForAnyValue:StringNotLike": { "backup:CopyTargets": "arn:aws:backup:us-east-1:*" } });
        expect(run(anyNotUs, {})).toBe(true);
        expect(run(anyNotUs, { "backup:CopyTargets": ["arn:aws:backup:us-east-1:1:backup-vault:a"] })).toBe(true);
        expect(run(anyNotUs, { "backup:CopyTargets": ["arn:aws:backup:us-east-1:1:backup-vault:a", "arn:aws:backup:eu-west-1:1:backup-vault:b"] })).toBe(false);
        expect(run(deny({ "ForAllValues:StringEquals": { k: "v" } }), {})).toBe(false);
    });

    it("matches actions case-insensitively with wildcards, NotAction and NotResource by exclusion", () => {
        const doc: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [{ Sid: "D", Effect: "Deny", NotAction: ["iam:*"], NotResource: ["arn:aws:s3:::ok*"] }],
        };
        expect(evaluate(doc, { action: "S3:getobject", resource: "arn:aws:s3:::bad/k", context: {} }, { scp: true }).allowed).toBe(false);
        expect(evaluate(doc, { action: "s3:GetObject", resource: "arn:aws:s3:::ok-bucket/k", context: {} }, { scp: true }).allowed).toBe(true);
        expect(evaluate(doc, { action: "iam:CreateRole", resource: "arn:aws:s3:::bad", context: {} }, { scp: true }).allowed).toBe(true);
    });

    it("needs an Allow outside an SCP, and refuses an operator it does not know", () => {
        expect(evaluate(deny(undefined), { action: "kms:Decrypt", resource: "*", context: {} })).toEqual({ allowed: false });
        expect(() => run(deny({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }), { "aws:SourceIp": "10.0.0.1" })).toThrow(/not supported/);
    });
});
