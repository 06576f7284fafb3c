/**
 * A small evaluator of IAM policy documents, for the statements the guardrails use: Action/NotAction,
 * Resource/NotResource, and the condition operators StringEquals, StringNotEquals, StringLike, StringNotLike,
 * ArnLike, ArnNotLike, Null, DateGreaterThan, DateLessThan and the ForAnyValue:/ForAllValues: set prefixes, with
 * AWS's rules for a key the request does not carry (a negated operator matches it; Null tests it). An explicit
 * Deny wins; otherwise an Allow is needed, unless the document is an SCP (whose Allow, FullAWSAccess, is elsewhere).
 * It throws on any operator it does not know, so a test can never pass on a statement it did not understand.
 */
import type { PolicyDocument, Statement } from "../../infra/guardrails/awsGuardrails";

export interface Request {
    action: string;
    resource: string;
    /** Condition keys of the request; a multi-valued key is a list. Absent keys are absent. */
    context: Record<string, string | string[]>;
}

const globToRegExp = (glob: string, caseInsensitive: boolean) =>
    new RegExp(
        `^${glob
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        caseInsensitive ? "is" : "s",
    );
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function matchesAny(patterns: string[], value: string, caseInsensitive: boolean): boolean {
    return patterns.some((p) => globToRegExp(p, caseInsensitive).test(value));
}

function actionMatches(st: Statement, action: string): boolean {
    if (st.Action !== undefined) return matchesAny(list(st.Action), action, true);
    if (st.NotAction !== undefined) return !matchesAny(st.NotAction, action, true);
    throw new Error(`statement ${st.Sid} has neither Action nor NotAction`);
}

function resourceMatches(st: Statement, resource: string): boolean {
    if (st.Resource !== undefined) return matchesAny(list(st.Resource), resource, false);
    if (st.NotResource !== undefined) return !matchesAny(st.NotResource, resource, false);
    throw new Error(`statement ${st.Sid} has neither Resource nor NotResource`);
}

function compare(op: string, actual: string, expected: string): boolean {
    switch (op) {
        case "StringEquals":
        case "StringNotEquals":
            return actual === expected;
        case "StringLike":
        case "StringNotLike":
        case "ArnLike":
        case "ArnNotLike":
            return globToRegExp(expected, false).test(actual);
        case "DateGreaterThan":
            return Date.parse(actual) > Date.parse(expected);
        case "DateLessThan":
            return Date.parse(actual) < Date.parse(expected);
        default:
            throw new Error(`condition operator ${op} is not supported by this evaluator`);
    }
}

function conditionHolds(operator: string, key: string, expected: string[], context: Request["context"]): boolean {
    if (operator === "Null") {
        if (expected.length !== 1 || !["true", "false"].includes(expected[0]!)) throw new Error(`Null takes "true" or "false"`);
        return (context[key] === undefined) === (expected[0] === "true");
    }
    const setOp = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
    const op = setOp ? setOp[2]! : operator;
    const negated = /Not/.test(op);
    const values = list(context[key]);
    const one = (v: string) => {
        const any = expected.some((e) => compare(op, v, e));
        return negated ? !any : any;
    };
    if (setOp?.[1] === "ForAnyValue") return values.some(one);
    if (setOp?.[1] === "ForAllValues") return values.every(one);
    if (values.length === 0) return negated;
    if (values.length > 1) throw new Error(`${key} is multi-valued: use ForAnyValue or ForAllValues`);
    return one(values[0]!);
}

function statementApplies(st: Statement, req: Request): boolean {
    if (!actionMatches(st, req.action) || !resourceMatches(st, req.resource)) return false;
    for (const [operator, keys] of Object.entries(st.Condition ?? {})) {
        for (const [key, expected] of Object.entries(keys)) if (!conditionHolds(operator, key, list(expected), req.context)) return false;
    }
    return true;
}

export type Decision = { allowed: true } | { allowed: false; deniedBy?: string };

/** Whether `document` lets `req` through. `scp`: no Allow needed (FullAWSAccess stays attached beside it). */
export function evaluate(document: PolicyDocument, req: Request, options: { scp?: boolean } = {}): Decision {
    const deny = document.Statement.find((st) => st.Effect === "Deny" && statementApplies(st, req));
    if (deny) return { allowed: false, deniedBy: deny.Sid };
    if (options.scp || document.Statement.some((st) => st.Effect === "Allow" && statementApplies(st, req))) return { allowed: true };
    return { allowed: false };
}
