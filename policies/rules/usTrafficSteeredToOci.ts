import { TYPE_TOKENS } from "../model/catalogue";
import type { ModelResource } from "../model/graph";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { get, isString, list, UNKNOWN } from "../model/unknown";

/** GeoNames id of the United States, as OCI steering conditions name countries. */
const US_GEO_KEY = "6252001";

function isUsCase(condition: unknown): boolean {
    if (!isString(condition)) return false;
    // `\s*(?:\(\s*)?` rather than `\s*\(?\s*`: the same strings, without a quadratic split of a long run of spaces. 'US'
    // anywhere in a list of countries, not only first (`'[^']*'` elements, which cannot overlap).
    return condition.includes(US_GEO_KEY) || /countryCode\s*(?:==|in)\s*(?:\(\s*)?(?:'[^']*'\s*,\s*)*'US'/i.test(condition);
}

function describeAnswerName(name: unknown): string {
    return name === UNKNOWN ? "not known at preview" : String(name);
}

function matchesEndpoint(rdata: string, patterns: string[]): boolean {
    const value = rdata.replace(/\.$/, "").toLowerCase();
    return patterns.some((p) => {
        const pat = p.toLowerCase();
        return pat.startsWith("*.") ? value.endsWith(pat.slice(1)) : value === pat;
    });
}

/** Answers selected by a case: answers whose pool the case's answer conditions keep. */
function selectedAnswers(policy: ModelResource, kase: unknown): unknown[] {
    const answers = list(policy.props, "answers");
    if (answers === UNKNOWN) return [UNKNOWN];
    const data = list(kase, "answerDatas");
    if (data === UNKNOWN) return [UNKNOWN];
    const pools = data.filter((d) => get(d, "shouldKeep") !== false).map((d) => /answer\.pool\s*==\s*'([^']+)'/.exec(String(get(d, "answerCondition")))?.[1]);
    if (pools.length === 0 || pools.includes(undefined)) return answers;
    return answers.filter((a) => pools.includes(get(a, "pool") as string));
}

/** US user traffic is answered by OCI endpoints only. */
export const usTrafficSteeredToOci = residencyPolicy({
    name: "us-traffic-steered-to-oci",
    description: "A DNS steering policy answers US users (geolocation US) with OCI endpoints only, so 100% of US user traffic reaches OCI.",
    enforcementLevel: "advisory",
    severity: "medium",
    roles: ["hygiene"],
    remediationSteps:
        "Add an oci.dns.SteeringPolicy with a rule case for geoKey 6252001 (US) whose kept answers are all OCI endpoints listed in 'ociEndpoints' of residency-config-valid.",
    check: (ctx, report) => {
        const holdsUsData = [...ctx.model.facts.values()].some((f) => holdsData(f.role) && f.effectiveClass === "us-user-data");
        const policies = ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.ociSteeringPolicy);
        if (!holdsUsData) return;
        if (policies.length === 0) {
            report(undefined, "the stack holds US user data but has no DNS steering policy that sends US users to OCI. Add an oci.dns.SteeringPolicy.");
            return;
        }
        for (const policy of policies) {
            const rules = list(policy.props, "rules");
            if (rules === UNKNOWN) {
                report(policy, `the rules of steering policy '${policy.name}' are not known at preview.`);
                continue;
            }
            const usCases = rules.flatMap((rule, i) => {
                const cases = list(rule, "cases");
                if (cases === UNKNOWN) {
                    report(
                        policy,
                        `the cases of rule ${i} of steering policy '${policy.name}' are not known at preview, so whether they answer US users cannot be checked.`,
                    );
                    return [];
                }
                cases.forEach((c, j) => {
                    if (get(c, "caseCondition") === UNKNOWN)
                        report(
                            policy,
                            `the condition of case ${j} of rule ${i} of steering policy '${policy.name}' is not known at preview, so whether it answers US users cannot be checked.`,
                        );
                });
                return cases.filter((c) => isUsCase(get(c, "caseCondition")));
            });
            if (usCases.length === 0) {
                report(
                    policy,
                    `steering policy '${policy.name}' has no rule case for US users (geoKey ${US_GEO_KEY}). Add one that answers with OCI endpoints only.`,
                );
                continue;
            }
            for (const kase of usCases) {
                for (const answer of selectedAnswers(policy, kase)) {
                    const rdata = get(answer, "rdata");
                    if (answer === UNKNOWN || rdata === UNKNOWN) {
                        report(policy, `an answer for US users in steering policy '${policy.name}' is not known at preview.`);
                    } else if (!isString(rdata) || !matchesEndpoint(rdata, ctx.settings.ociEndpoints)) {
                        report(
                            policy,
                            `steering policy '${policy.name}' answers US users with '${String(rdata)}' (answer '${describeAnswerName(get(answer, "name"))}'), which is not an OCI endpoint in 'ociEndpoints' (${ctx.settings.ociEndpoints.join(", ") || "none configured"}).`,
                        );
                    }
                }
            }
        }
    },
});
