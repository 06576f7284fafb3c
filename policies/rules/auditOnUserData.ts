import { TYPE_TOKENS } from "../model/catalogue";
import { asArray, attachedTo } from "../model/attachments";
import type { ModelResource } from "../model/graph";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import type { StackModel } from "../model/stackModel";
import { get, isString, list, UNKNOWN } from "../model/unknown";

const LOGGING_TYPES = new Set<string>([TYPE_TOKENS.s3BucketLogging, TYPE_TOKENS.s3BucketLoggingV2]);

function coveredByCloudTrail(model: StackModel, trails: ModelResource[], bucket: ModelResource): boolean {
    const name = get(bucket.props, "bucket");
    for (const trail of trails) {
        if (model.index.dependenciesOf(trail, "eventSelectors", new Set([bucket.type])).includes(bucket)) return true;
        if (model.index.dependenciesOf(trail, "advancedEventSelectors", new Set([bucket.type])).includes(bucket)) return true;
        const selectors = list(trail.props, "eventSelectors");
        if (selectors === UNKNOWN) continue;
        for (const sel of selectors) {
            for (const res of asArray(get(sel, "dataResources"))) {
                if (get(res, "type") !== "AWS::S3::Object") continue;
                const values = asArray(get(res, "values")).filter(isString);
                if (values.some((v) => v === "arn:aws:s3" || v === "arn:aws:s3:::" || (isString(name) && v.startsWith(`arn:aws:s3:::${name}`)))) return true;
            }
        }
        const advanced = list(trail.props, "advancedEventSelectors");
        if (
            advanced !== UNKNOWN &&
            advanced.some((sel) =>
                asArray(get(sel, "fieldSelectors")).some(
                    (fs) => get(fs, "field") === "resources.type" && asArray(get(fs, "equals")).includes("AWS::S3::Object"),
                ),
            )
        )
            return true;
    }
    return false;
}

/** Access to user data is audited: OCI audit retention of at least a year, and S3 access logs or CloudTrail data events. */
export const auditOnUserData = residencyPolicy({
    name: "audit-on-user-data",
    description:
        "Access to US user data is audited: OCI audit events are kept at least 365 days, and S3 buckets of US user data have server access logging or CloudTrail data events.",
    severity: "high",
    roles: ["hygiene"],
    remediationSteps:
        "OCI: add oci.audit.Configuration with retentionPeriodDays of at least 365 for the tenancy. AWS: add aws.s3.BucketLogging for the bucket, or a CloudTrail trail with S3 data events covering it.",
    check: (ctx, report) => {
        const usStores = [...ctx.model.facts.values()].filter((f) => holdsData(f.role) && f.effectiveClass === "us-user-data").map((f) => f.resource);
        const firstOci = usStores.find((r) => r.type.startsWith("oci:"));
        if (firstOci) {
            const configs = ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.ociAudit);
            if (configs.length === 0) {
                report(
                    firstOci,
                    `the stack holds US user data in OCI ('${firstOci.name}') but sets no audit retention. Add oci.audit.Configuration with retentionPeriodDays >= ${ctx.settings.minAuditRetentionDays}.`,
                );
            }
            for (const c of configs) {
                const days = get(c.props, "retentionPeriodDays");
                if (days === UNKNOWN)
                    report(
                        c,
                        `retentionPeriodDays of '${c.name}' is not known at preview. Set it to a literal of at least ${ctx.settings.minAuditRetentionDays}.`,
                    );
                else if (typeof days !== "number" || days < ctx.settings.minAuditRetentionDays)
                    report(c, `'${c.name}' keeps OCI audit events ${String(days)} days; US user data needs at least ${ctx.settings.minAuditRetentionDays}.`);
            }
        }
        const trails = ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.cloudTrail);
        for (const bucket of usStores.filter((r) => r.type === TYPE_TOKENS.s3Bucket || r.type === TYPE_TOKENS.s3BucketV2)) {
            const logged = attachedTo(ctx.model, LOGGING_TYPES, "bucket", bucket).length > 0 || get(bucket.props, "loggings") !== undefined;
            if (!logged && !coveredByCloudTrail(ctx.model, trails, bucket)) {
                report(
                    bucket,
                    `S3 bucket '${bucket.name}' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.`,
                );
            }
        }
    },
});
