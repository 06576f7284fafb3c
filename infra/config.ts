/**
 * Typed stack configuration for the `us-data-residency` project.
 *
 * Every key of the project namespace is declared once, in {@link KEY_SPECS}: its doc comment, its zod schema
 * (which parses the raw string), the values it allows (for messages) and its default. The {@link StackConfig}
 * type is derived from that table. {@link parseStackConfig} is pure: it takes the raw strings that Pulumi hands
 * to a program (lists arrive as JSON strings) and either returns a {@link StackConfig} or throws one
 * {@link StackConfigError} that lists every problem found. {@link loadStackConfig} reads the raw strings from
 * the Pulumi runtime and calls it.
 *
 * Secret keys are returned as `pulumi.secret(...)` outputs and their values never appear in an
 * error message (they are shown as `[secret]`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { z } from "zod";
import { makeLocation } from "../policies/model/location";
import { US_OCI_REGIONS, type UsOciRegion } from "../policies/model/regions";
import { approvalFor, approvedList, DEFAULT_SETTINGS, today } from "../policies/model/settings";

/** The config namespace of this project (the project name in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "us-data-residency";

export { US_OCI_REGIONS, type UsOciRegion };

export const ENVIRONMENTS = ["prod", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** S3 storage classes a backup may be archived to. */
export const ARCHIVE_STORAGE_CLASSES = ["GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"] as const;
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];

/** One problem with one config key. */
export interface StackConfigIssue {
    /** Full key, `<namespace>:<key>`. */
    readonly key: string;
    /** What was given, already rendered for a message (`[secret]` for secrets, `nothing` when missing). */
    readonly given: string;
    /** What the key allows. */
    readonly allowed: string;
    /** Extra detail about why the value was rejected, if any. */
    readonly detail?: string;
}

/** Thrown when stack configuration is missing, malformed, unknown or inconsistent. */
export class StackConfigError extends Error {
    readonly issues: readonly StackConfigIssue[];

    constructor(issues: readonly StackConfigIssue[]) {
        const lines = issues.map((i) => `  - ${i.key}: given ${i.given}${i.detail ? ` (${i.detail})` : ""}; allowed: ${i.allowed}`);
        const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
        super(`Invalid stack configuration (${count}):\n${lines.join("\n")}`);
        this.name = "StackConfigError";
        this.issues = issues;
    }
}

// ---------------------------------------------------------------------------------------------
// Key specifications
// ---------------------------------------------------------------------------------------------

/** A default: parsed from a raw string, derived from other keys, none (`optional`), or `required`. */
type KeyDefault = { readonly raw: string } | { readonly derive: (parsed: Readonly<Record<string, unknown>>) => unknown } | "optional" | "required";

interface KeySpec<T, D extends KeyDefault = KeyDefault, S extends boolean = boolean> {
    /** Parses the raw string. */
    readonly schema: z.ZodType<T, string>;
    /** What is allowed, for error messages. */
    readonly allowed: string;
    readonly default: D;
    /** Secret values are wrapped in `pulumi.secret` and never printed. */
    readonly secret?: S;
}

function spec<T, const D extends KeyDefault, const S extends boolean = false>(s: KeySpec<T, D, S>): KeySpec<T, D, S> {
    return s;
}

function intBetween(min: number, max: number): z.ZodType<number, string> {
    return z
        .string()
        .regex(/^-?\d+$/, "not an integer")
        .transform(Number)
        .pipe(z.int().min(min, `below ${min}`).max(max, `above ${max}`));
}

function jsonList<T>(item: z.ZodType<T>): z.ZodType<T[], string> {
    return z
        .string()
        .transform((s, ctx): unknown => {
            try {
                return JSON.parse(s);
            } catch {
                ctx.addIssue({ code: "custom", message: "not valid JSON" });
                return z.NEVER;
            }
        })
        .pipe(z.array(item, "not a JSON list"));
}

function distinct<T>(values: readonly T[], by: (v: T) => unknown = (v) => v): boolean {
    return new Set(values.map(by)).size === values.length;
}

const OCID_ID = "[a-z0-9][a-z0-9-]*";
const tenancyOcid = new RegExp(`^ocid1\\.tenancy\\.oc\\d+\\.\\.${OCID_ID}$`);
const compartmentOcid = new RegExp(`^ocid1\\.(compartment|tenancy)\\.oc\\d+\\.\\.${OCID_ID}$`);
const groupName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "not a valid OCI group name");
const dnsLabel = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const GROUP_NAME_ALLOWED = "1 to 100 characters from [A-Za-z0-9._-], starting with a letter or digit";

/** True for addresses that can never be a public endpoint (RFC 1918, loopback, link-local, CGNAT, multicast...). */
function isNonPublicIpv4(ip: string): boolean {
    const [a, b] = ip.split(".").map(Number) as [number, number];
    return (
        a === 0 ||
        a === 10 ||
        a === 127 ||
        a >= 224 ||
        (a === 100 && b >= 64 && b <= 127) ||
        (a === 169 && b === 254) ||
        (a === 172 && b >= 16 && b <= 31) ||
        (a === 192 && b === 168)
    );
}

const publicIpv4 = z.ipv4("not an IPv4 address").refine((ip) => !isNonPublicIpv4(ip), {
    message: "not a public address",
});

/** An OCI bucket of non-US user data, named by the stack config: the source of the non-US backup job. */
const nonUsSource = z
    .string()
    .transform((s, ctx): unknown => {
        try {
            return JSON.parse(s);
        } catch {
            ctx.addIssue({ code: "custom", message: "not valid JSON" });
            return z.NEVER;
        }
    })
    .pipe(
        z.strictObject({
            region: z.string().refine((r) => approvalFor(DEFAULT_SETTINGS, "non-us-user-data", makeLocation("oci", r), today()) !== undefined, {
                message: "not an OCI region approved for non-us-user-data",
            }),
            namespace: z
                .string()
                .regex(/^[a-z0-9]{1,64}$/, "not an Object Storage namespace")
                .optional(),
            bucket: z
                .string()
                .regex(/^[A-Za-z0-9._-]{1,256}$/, "not an OCI bucket name")
                // The stack's US buckets are all named us-user-data-<env>-...: never a source of the non-US job.
                .refine((b) => !b.toLowerCase().startsWith("us-user-data"), { message: "names a bucket of US user data" }),
            prefix: z
                .string()
                .max(512)
                .refine((p) => !p.startsWith("/") && !p.includes(".."), "a prefix may not start with '/' or hold '..'")
                .default(""),
        }),
    );

const NON_US_OCI_APPROVED = () =>
    approvedList(DEFAULT_SETTINGS, "non-us-user-data", today())
        .split(", ")
        .filter((l) => l.startsWith("oci:"))
        .map((l) => l.slice(4))
        .join(", ");

/**
 * Every key of the project namespace, declared once: what it does (its doc comment), how its raw string parses,
 * what it allows (for messages) and its default. {@link StackConfig} is derived from this table.
 */
export const KEY_SPECS = {
    /** Deployment environment; part of resource names and tags. */
    environment: spec({ schema: z.enum(ENVIRONMENTS), allowed: ENVIRONMENTS.join(", "), default: "required" }),
    /** OCID of the OCI tenancy (root compartment). Holds the IAM policies and the tenancy audit configuration. */
    ociTenancyOcid: spec({
        schema: z.string().regex(tenancyOcid),
        allowed: "an OCID of the form ocid1.tenancy.<realm>..<id>",
        default: "required",
    }),
    /** OCID of the compartment holding buckets, vaults and DNS (or the tenancy OCID). */
    ociCompartmentOcid: spec({
        schema: z.string().regex(compartmentOcid),
        allowed: "an OCID of the form ocid1.compartment.<realm>..<id> (or the tenancy OCID)",
        default: "required",
    }),
    /** The tenancy's Object Storage namespace (given here rather than looked up, so the program makes no invoke). */
    ociObjectStorageNamespace: spec({
        schema: z.string().regex(/^[a-z0-9]{1,64}$/),
        allowed: "1 to 64 lowercase letters and digits",
        default: "required",
    }),
    /**
     * The tenancy's home region (Tenancy details in the console). OCI accepts IAM writes (groups, policies) and the
     * tenancy audit configuration only there; every identity and audit resource of the stack uses a provider of
     * this region.
     */
    ociHomeRegion: spec({
        schema: z.enum(US_OCI_REGIONS),
        allowed: `the tenancy's home region, one of ${US_OCI_REGIONS.join(", ")}`,
        default: "required",
    }),
    /** OCI region of the primary US user data bucket. */
    ociPrimaryRegion: spec({ schema: z.enum(US_OCI_REGIONS), allowed: US_OCI_REGIONS.join(", "), default: { raw: "us-ashburn-1" } }),
    /** OCI region of the in-US disaster-recovery replica; different from `ociPrimaryRegion`. */
    ociDrRegion: spec({
        schema: z.enum(US_OCI_REGIONS),
        allowed: `${US_OCI_REGIONS.join(", ")} (different from ociPrimaryRegion)`,
        default: { raw: "us-phoenix-1" },
    }),
    /** The AWS account that holds the backup buckets; the AWS providers refuse to run against any other account. */
    awsAccountId: spec({ schema: z.string().regex(/^\d{12}$/), allowed: "an AWS account id of exactly 12 digits", default: "required" }),
    /**
     * IAM principal allowed to assume the backup writer roles, besides the backup jobs' own roles. Default: the
     * account root (`arn:aws:iam::<awsAccountId>:root`).
     */
    awsBackupWriterPrincipalArn: spec({
        schema: z.string().regex(/^arn:aws:iam::\d{12}:(root|(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/),
        allowed: "an IAM principal ARN: arn:aws:iam::<12 digits>:root, :role/<name> or :user/<name>",
        default: { derive: (p) => `arn:aws:iam::${String(p.awsAccountId)}:root` },
    }),
    /**
     * (secret) `sts:ExternalId` that a principal must present to assume a writer role. Set with
     * `pulumi config set --secret`. Default: unset (no ExternalId condition).
     */
    awsBackupWriterExternalId: spec({
        schema: z.string().regex(/^[\w+=,.@:/-]{16,1224}$/),
        allowed: "a secret of 16 to 1224 characters from [A-Za-z0-9+=,.@:/_-], set with `pulumi config set --secret`",
        default: "optional",
        secret: true,
    }),
    /** S3 Object Lock default retention (COMPLIANCE mode) of the AWS backup buckets, in days. */
    objectLockRetentionDays: spec({ schema: intBetween(1, 3650), allowed: "an integer from 1 to 3650", default: { raw: "365" } }),
    /** Age in days after which backups move to the archive class. */
    archiveAfterDays: spec({ schema: intBetween(1, 3650), allowed: "an integer from 1 to 3650", default: { raw: "30" } }),
    /** S3 storage class backups are archived to. */
    archiveStorageClass: spec({
        schema: z.enum(ARCHIVE_STORAGE_CLASSES),
        allowed: ARCHIVE_STORAGE_CLASSES.join(", "),
        default: { raw: "GLACIER" },
    }),
    /** OCI IAM group (created by this stack) whose members may read and manage US user data objects. */
    custodianGroupName: spec({ schema: groupName, allowed: GROUP_NAME_ALLOWED, default: { raw: "us-data-custodians" } }),
    /** OCI IAM group (created by this stack) whose members may read the tenancy audit events; not the custodian group. */
    auditorGroupName: spec({
        schema: groupName,
        allowed: `${GROUP_NAME_ALLOWED}, different from custodianGroupName`,
        default: { raw: "us-data-auditors" },
    }),
    /** Existing OCI groups of staff outside the US. No grant made by this stack may ever name one of them. */
    nonUsStaffGroupNames: spec({
        schema: jsonList(groupName).refine((l) => distinct(l, (g) => g.toLowerCase()), {
            message: "duplicate group names",
        }),
        allowed: "a JSON list of distinct OCI group names, none equal to custodianGroupName or auditorGroupName",
        default: { raw: "[]" },
    }),
    /** Public DNS zone created in OCI DNS for the US user service (delegate it from the parent zone). */
    dnsZoneName: spec({
        schema: z.string().regex(new RegExp(`^(?=.{1,253}$)${dnsLabel}(\\.${dnsLabel})+$`)),
        allowed: "a lowercase DNS name with at least two labels and no trailing dot, e.g. us.example.com",
        default: "required",
    }),
    /** Host label, inside `dnsZoneName`, answered by the traffic steering policy (`<label>.<dnsZoneName>`). */
    dnsSteeredLabel: spec({
        schema: z.string().regex(new RegExp(`^${dnsLabel}$`)),
        allowed: "a single lowercase DNS label, e.g. app",
        default: { raw: "app" },
    }),
    /** Public IPv4 addresses of the OCI US endpoints that serve US users. */
    usUserTrafficEndpoints: spec({
        schema: jsonList(publicIpv4)
            .refine((l) => l.length >= 1 && l.length <= 16, { message: "needs 1 to 16 addresses" })
            .refine((l) => distinct(l), { message: "duplicate addresses" }),
        allowed: "a JSON list of 1 to 16 distinct public IPv4 addresses",
        default: "required",
    }),
    /**
     * Recovery point objective of both backup jobs, in minutes: each runs every quarter of it, and its age alarm
     * fires when the newest complete backup is older than this.
     */
    backupRpoMinutes: spec({ schema: intBetween(20, 1440), allowed: "an integer from 20 to 1440", default: { raw: "60" } }),
    /**
     * URL of the OCI identity domain that exchanges the backup jobs' AWS-signed JWTs for OCI session tokens
     * (docs/BACKUPS.md, "Credentials").
     */
    ociIdentityDomainUrl: spec({
        schema: z.string().regex(/^https:\/\/idcs-[a-z0-9]{1,64}\.identity\.oraclecloud\.com$/, "not an identity domain URL"),
        allowed: "https://idcs-<id>.identity.oraclecloud.com",
        default: "required",
    }),
    /** Client id of the identity domain application that the identity propagation trust names (not a secret). */
    ociTokenExchangeClientId: spec({
        schema: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "not a client id"),
        allowed: "8 to 128 characters from [A-Za-z0-9_-]",
        default: "required",
    }),
    /**
     * The bucket of non-US user data that the non-US backup job copies to Singapore, in an OCI region approved for
     * non-US data; never a bucket of US user data. `namespace` defaults to `ociObjectStorageNamespace`.
     */
    nonUsBackupSource: spec({
        schema: nonUsSource,
        allowed: `a JSON object {"region": one of ${NON_US_OCI_APPROVED()}, "bucket": an OCI bucket name not starting with us-user-data, "namespace"?, "prefix"?}`,
        default: "required",
    }),
} as const;

export type StackConfigKey = keyof typeof KEY_SPECS;
export const STACK_CONFIG_KEYS = Object.keys(KEY_SPECS) as StackConfigKey[];

function isKnownKey(key: string): key is StackConfigKey {
    return Object.prototype.hasOwnProperty.call(KEY_SPECS, key);
}

type Spec<K extends StackConfigKey> = (typeof KEY_SPECS)[K];
type Frozen<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? Readonly<T> : T;
type ValueOf<S> =
    S extends KeySpec<infer T, infer D, infer Secret>
        ? (Secret extends true ? pulumi.Output<T> : Frozen<T>) | (D extends "optional" ? undefined : never)
        : never;

/** The validated stack configuration: one field per key of {@link KEY_SPECS}, typed by its schema. */
export type StackConfig = { readonly [K in StackConfigKey]: ValueOf<Spec<K>> };
export type NonUsBackupSource = StackConfig["nonUsBackupSource"];

type Parsed = { -readonly [K in StackConfigKey]?: unknown };

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** Options of {@link parseStackConfig}. */
export interface ParseStackConfigOptions {
    /** Namespace used in error messages. Default: {@link CONFIG_NAMESPACE}. */
    readonly namespace?: string;
    /**
     * Keys (short form, without namespace) whose values the engine holds as secrets. They are
     * redacted in errors. When given, a key declared secret but set in plain text is an error.
     */
    readonly secretKeys?: ReadonlySet<string>;
}

function render(value: string, secret: boolean): string {
    if (secret) return "[secret]";
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}..."` : json;
}

/**
 * The first zod issue, when it adds to `allowed`: the messages written in this file are lower case;
 * zod's own defaults ("Invalid option...", "Invalid string: must match pattern...") only repeat it.
 */
function firstIssueDetail(error: z.ZodError): string | undefined {
    const issue = error.issues[0];
    if (!issue || !/^[a-z]/.test(issue.message)) return undefined;
    const where = issue.path.length > 0 ? `item ${issue.path.join(".")}: ` : "";
    return `${where}${issue.message}`;
}

/**
 * Validates raw config strings (keys without the namespace prefix, as Pulumi delivers them: lists
 * as JSON strings) and returns the typed configuration.
 *
 * @throws StackConfigError listing every missing, malformed, unknown or inconsistent key.
 */
export function parseStackConfig(raw: Readonly<Record<string, string | undefined>>, options: ParseStackConfigOptions = {}): StackConfig {
    const ns = options.namespace ?? CONFIG_NAMESPACE;
    const full = (key: string) => `${ns}:${key}`;
    const issues: StackConfigIssue[] = [];
    const isSecret = (key: string) => (isKnownKey(key) && KEY_SPECS[key].secret === true) || (options.secretKeys?.has(key) ?? false);

    for (const key of Object.keys(raw)) {
        if (raw[key] !== undefined && !isKnownKey(key)) {
            issues.push({
                key: full(key),
                given: isSecret(key) ? "[secret]" : "a value for an unknown key",
                allowed: `only the known keys: ${STACK_CONFIG_KEYS.join(", ")}`,
            });
        }
    }

    const parsed: Parsed = {};
    for (const key of STACK_CONFIG_KEYS) {
        const s: KeySpec<unknown> = KEY_SPECS[key] as KeySpec<unknown>;
        const value = raw[key];
        if (value === undefined) {
            if (s.default === "required") {
                issues.push({ key: full(key), given: "nothing (the key is required)", allowed: s.allowed });
            } else if (typeof s.default === "object" && "raw" in s.default) {
                parsed[key] = s.schema.parse(s.default.raw);
            }
            continue;
        }
        if (s.secret && options.secretKeys && !options.secretKeys.has(key)) {
            issues.push({
                key: full(key),
                given: "a plain-text value (hidden)",
                allowed: `${s.allowed}; it must be stored encrypted (pulumi config set --secret ${full(key)})`,
            });
            continue;
        }
        const result = s.schema.safeParse(value);
        if (result.success) {
            parsed[key] = result.data;
        } else {
            const secret = isSecret(key);
            issues.push({
                key: full(key),
                given: render(value, secret),
                allowed: s.allowed,
                detail: secret ? undefined : firstIssueDetail(result.error),
            });
        }
    }

    // Cross-key rules (only between values that parsed).
    const p = parsed as Partial<{ -readonly [K in StackConfigKey]: Exclude<ValueOf<Spec<K>>, pulumi.Output<string>> }>;
    if (p.ociPrimaryRegion !== undefined && p.ociDrRegion !== undefined && p.ociPrimaryRegion === p.ociDrRegion) {
        issues.push({
            key: full("ociDrRegion"),
            given: render(p.ociDrRegion, isSecret("ociDrRegion")),
            detail: "same as ociPrimaryRegion",
            allowed: US_OCI_REGIONS.filter((r) => r !== p.ociPrimaryRegion).join(", "),
        });
    }
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (p.custodianGroupName !== undefined && p.auditorGroupName !== undefined && same(p.custodianGroupName, p.auditorGroupName)) {
        issues.push({
            key: full("auditorGroupName"),
            given: render(p.auditorGroupName, isSecret("auditorGroupName")),
            detail: "same group as custodianGroupName",
            allowed: `${GROUP_NAME_ALLOWED}, different from custodianGroupName`,
        });
    }
    if (p.nonUsStaffGroupNames !== undefined) {
        const granted = [p.custodianGroupName, p.auditorGroupName].filter((g): g is string => g !== undefined);
        const overlap = p.nonUsStaffGroupNames.filter((g) => granted.some((h) => same(g, h)));
        if (overlap.length > 0) {
            issues.push({
                key: full("nonUsStaffGroupNames"),
                given: render(JSON.stringify(p.nonUsStaffGroupNames), isSecret("nonUsStaffGroupNames")),
                detail: `${overlap.join(", ")} would be granted access to US user data`,
                allowed: `group names other than custodianGroupName (${p.custodianGroupName ?? "?"}) and auditorGroupName (${p.auditorGroupName ?? "?"})`,
            });
        }
    }

    if (issues.length > 0) {
        throw new StackConfigError(issues);
    }

    // Every required key is present here (otherwise an issue was recorded above); derived defaults and secrets last.
    const config: Record<string, unknown> = Object.create(null);
    for (const key of STACK_CONFIG_KEYS) {
        const s = KEY_SPECS[key] as KeySpec<unknown>;
        let value = parsed[key];
        if (value === undefined && typeof s.default === "object" && "derive" in s.default) value = s.default.derive(parsed);
        if (value !== undefined && s.secret) value = pulumi.secret(value);
        else if (Array.isArray(value)) value = Object.freeze([...value]);
        else if (typeof value === "object" && value !== null && !pulumi.Output.isInstance(value)) value = Object.freeze({ ...value });
        config[key] = value;
    }
    return Object.freeze(config) as StackConfig;
}

/** `isConfigSecret` exists in the SDK's runtime but is not in its type declarations. */
function engineSecretCheck(): ((fullKey: string) => boolean) | undefined {
    const fn = (runtimeConfig as unknown as { isConfigSecret?: unknown }).isConfigSecret;
    return typeof fn === "function" ? (fn as (fullKey: string) => boolean) : undefined;
}

/**
 * Reads every key of the project namespace from the Pulumi runtime (`new pulumi.Config()`) and
 * validates it with {@link parseStackConfig}.
 *
 * @throws StackConfigError as {@link parseStackConfig}.
 */
export function loadStackConfig(): StackConfig {
    const config = new pulumi.Config();
    const prefix = `${config.name}:`;
    const raw: Record<string, string | undefined> = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (fullKey.startsWith(prefix)) {
            const key = fullKey.slice(prefix.length);
            raw[key] = config.get(key);
        }
    }
    const isEngineSecret = engineSecretCheck();
    const secretKeys = isEngineSecret ? new Set(Object.keys(raw).filter((key) => isEngineSecret(`${prefix}${key}`))) : undefined;
    return parseStackConfig(raw, { namespace: config.name, secretKeys });
}
