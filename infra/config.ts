/**
 * Typed stack configuration for the `us-data-residency` project.
 *
 * Every key of the project namespace is declared in {@link KEY_SPECS} with its type, the values it
 * allows and its default. {@link parseStackConfig} is pure: it takes the raw strings that Pulumi
 * hands to a program (lists arrive as JSON strings) and either returns a {@link StackConfig} or
 * throws one {@link StackConfigError} that lists every problem found. {@link loadStackConfig} reads
 * the raw strings from the Pulumi runtime and calls it.
 *
 * Secret keys are returned as `pulumi.secret(...)` outputs and their values never appear in an
 * error message (they are shown as `[secret]`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { z } from "zod";

/** The config namespace of this project (the project name in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "us-data-residency";

/** OCI commercial-realm regions located in the United States. */
export const US_OCI_REGIONS = ["us-ashburn-1", "us-phoenix-1", "us-chicago-1", "us-sanjose-1"] as const;
export type UsOciRegion = (typeof US_OCI_REGIONS)[number];

export const ENVIRONMENTS = ["prod", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** S3 storage classes a backup may be archived to. */
export const ARCHIVE_STORAGE_CLASSES = ["GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"] as const;
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];

/** The validated stack configuration. */
export interface StackConfig {
    /**
     * `us-data-residency:environment` — deployment environment; part of resource names and tags.
     * Allowed: `prod`, `staging`. Default: none (required).
     */
    readonly environment: Environment;
    /**
     * `us-data-residency:ociTenancyOcid` — OCID of the OCI tenancy (root compartment). Holds the IAM
     * policies and the tenancy audit configuration.
     * Allowed: `ocid1.tenancy.<realm>..<id>`. Default: none (required).
     */
    readonly ociTenancyOcid: string;
    /**
     * `us-data-residency:ociCompartmentOcid` — OCID of the compartment holding buckets, vaults and DNS.
     * Allowed: `ocid1.compartment.<realm>..<id>` or the tenancy OCID. Default: none (required).
     */
    readonly ociCompartmentOcid: string;
    /**
     * `us-data-residency:ociObjectStorageNamespace` — the tenancy's Object Storage namespace (given
     * here rather than looked up, so the program makes no invoke).
     * Allowed: 1 to 64 lowercase letters and digits. Default: none (required).
     */
    readonly ociObjectStorageNamespace: string;
    /**
     * `us-data-residency:ociHomeRegion` — the tenancy's home region (Tenancy details in the console). OCI
     * accepts IAM writes (groups, policies) and the tenancy audit configuration only there; every identity
     * and audit resource of the stack uses a provider of this region.
     * Allowed: `us-ashburn-1`, `us-phoenix-1`, `us-chicago-1`, `us-sanjose-1`. Default: none (required).
     */
    readonly ociHomeRegion: UsOciRegion;
    /**
     * `us-data-residency:ociPrimaryRegion` — OCI region of the primary US user data bucket.
     * Allowed: `us-ashburn-1`, `us-phoenix-1`, `us-chicago-1`, `us-sanjose-1`. Default: `us-ashburn-1`.
     */
    readonly ociPrimaryRegion: UsOciRegion;
    /**
     * `us-data-residency:ociDrRegion` — OCI region of the in-US disaster-recovery replica.
     * Allowed: a US OCI region other than `ociPrimaryRegion`. Default: `us-phoenix-1`.
     */
    readonly ociDrRegion: UsOciRegion;
    /**
     * `us-data-residency:awsAccountId` — the AWS account that holds the backup buckets; the AWS
     * providers refuse to run against any other account.
     * Allowed: 12 digits. Default: none (required).
     */
    readonly awsAccountId: string;
    /**
     * `us-data-residency:awsBackupWriterPrincipalArn` — IAM principal allowed to assume the backup
     * writer roles.
     * Allowed: `arn:aws:iam::<12 digits>:root`, `...:role/<name>` or `...:user/<name>`.
     * Default: `arn:aws:iam::<awsAccountId>:root`.
     */
    readonly awsBackupWriterPrincipalArn: string;
    /**
     * `us-data-residency:awsBackupWriterExternalId` (secret) — `sts:ExternalId` that the backup job
     * must present to assume a writer role. Set with `pulumi config set --secret`.
     * Allowed: 16 to 1224 characters from `[A-Za-z0-9+=,.@:/_-]`. Default: unset (no ExternalId condition).
     */
    readonly awsBackupWriterExternalId?: pulumi.Output<string>;
    /**
     * `us-data-residency:objectLockRetentionDays` — S3 Object Lock default retention (COMPLIANCE mode)
     * of the AWS backup buckets, in days.
     * Allowed: an integer from 1 to 3650. Default: `365`.
     */
    readonly objectLockRetentionDays: number;
    /**
     * `us-data-residency:archiveAfterDays` — age in days after which backups move to the archive class.
     * Allowed: an integer from 1 to 3650. Default: `30`.
     */
    readonly archiveAfterDays: number;
    /**
     * `us-data-residency:archiveStorageClass` — S3 storage class backups are archived to.
     * Allowed: `GLACIER`, `GLACIER_IR`, `DEEP_ARCHIVE`. Default: `GLACIER`.
     */
    readonly archiveStorageClass: ArchiveStorageClass;
    /**
     * `us-data-residency:custodianGroupName` — OCI IAM group (created by this stack) whose members may
     * read and manage US user data objects.
     * Allowed: 1 to 100 characters from `[A-Za-z0-9._-]`, starting with a letter or digit.
     * Default: `us-data-custodians`.
     */
    readonly custodianGroupName: string;
    /**
     * `us-data-residency:auditorGroupName` — OCI IAM group (created by this stack) whose members may
     * read the tenancy audit events.
     * Allowed: like `custodianGroupName`, and different from it. Default: `us-data-auditors`.
     */
    readonly auditorGroupName: string;
    /**
     * `us-data-residency:nonUsStaffGroupNames` — existing OCI groups of staff outside the US. No grant
     * made by this stack may ever name one of them.
     * Allowed: a JSON list of distinct group names, none equal (case-insensitively) to
     * `custodianGroupName` or `auditorGroupName`. Default: `[]`.
     */
    readonly nonUsStaffGroupNames: readonly string[];
    /**
     * `us-data-residency:dnsZoneName` — public DNS zone created in OCI DNS for the US user service
     * (delegate it from the parent zone).
     * Allowed: a lowercase DNS name with at least two labels, no trailing dot. Default: none (required).
     */
    readonly dnsZoneName: string;
    /**
     * `us-data-residency:dnsSteeredLabel` — host label, inside `dnsZoneName`, answered by the
     * traffic steering policy (the steered domain is `<label>.<dnsZoneName>`).
     * Allowed: one lowercase DNS label. Default: `app`.
     */
    readonly dnsSteeredLabel: string;
    /**
     * `us-data-residency:usUserTrafficEndpoints` — public IPv4 addresses of the OCI US endpoints that
     * serve US users.
     * Allowed: a JSON list of 1 to 16 distinct public IPv4 addresses. Default: none (required).
     */
    readonly usUserTrafficEndpoints: readonly string[];
}

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

interface KeySpec<T> {
    /** Parses the raw string. */
    readonly schema: z.ZodType<T, string>;
    /** What is allowed, for error messages. */
    readonly allowed: string;
    /** Raw default (parsed through `schema`), `optional` for keys without a value, or `required`. */
    readonly default: { readonly raw: string } | "optional" | "required";
    /** Secret values are wrapped in `pulumi.secret` and never printed. */
    readonly secret?: boolean;
}

function spec<T>(s: KeySpec<T>): KeySpec<T> {
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

/**
 * Every key of the project namespace. The doc comments of {@link StackConfig} describe each key;
 * this table is what the program enforces.
 */
export const KEY_SPECS = {
    environment: spec({
        schema: z.enum(ENVIRONMENTS),
        allowed: ENVIRONMENTS.join(", "),
        default: "required",
    }),
    ociTenancyOcid: spec({
        schema: z.string().regex(tenancyOcid),
        allowed: "an OCID of the form ocid1.tenancy.<realm>..<id>",
        default: "required",
    }),
    ociCompartmentOcid: spec({
        schema: z.string().regex(compartmentOcid),
        allowed: "an OCID of the form ocid1.compartment.<realm>..<id> (or the tenancy OCID)",
        default: "required",
    }),
    ociObjectStorageNamespace: spec({
        schema: z.string().regex(/^[a-z0-9]{1,64}$/),
        allowed: "1 to 64 lowercase letters and digits",
        default: "required",
    }),
    ociHomeRegion: spec({
        schema: z.enum(US_OCI_REGIONS),
        allowed: `the tenancy's home region, one of ${US_OCI_REGIONS.join(", ")}`,
        default: "required",
    }),
    ociPrimaryRegion: spec({
        schema: z.enum(US_OCI_REGIONS),
        allowed: US_OCI_REGIONS.join(", "),
        default: { raw: "us-ashburn-1" },
    }),
    ociDrRegion: spec({
        schema: z.enum(US_OCI_REGIONS),
        allowed: `${US_OCI_REGIONS.join(", ")} (different from ociPrimaryRegion)`,
        default: { raw: "us-phoenix-1" },
    }),
    awsAccountId: spec({
        schema: z.string().regex(/^\d{12}$/),
        allowed: "an AWS account id of exactly 12 digits",
        default: "required",
    }),
    awsBackupWriterPrincipalArn: spec({
        schema: z.string().regex(/^arn:aws:iam::\d{12}:(root|(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/),
        allowed: "an IAM principal ARN: arn:aws:iam::<12 digits>:root, :role/<name> or :user/<name>",
        default: "optional",
    }),
    awsBackupWriterExternalId: spec({
        schema: z.string().regex(/^[\w+=,.@:/-]{16,1224}$/),
        allowed: "a secret of 16 to 1224 characters from [A-Za-z0-9+=,.@:/_-], set with `pulumi config set --secret`",
        default: "optional",
        secret: true,
    }),
    objectLockRetentionDays: spec({
        schema: intBetween(1, 3650),
        allowed: "an integer from 1 to 3650",
        default: { raw: "365" },
    }),
    archiveAfterDays: spec({
        schema: intBetween(1, 3650),
        allowed: "an integer from 1 to 3650",
        default: { raw: "30" },
    }),
    archiveStorageClass: spec({
        schema: z.enum(ARCHIVE_STORAGE_CLASSES),
        allowed: ARCHIVE_STORAGE_CLASSES.join(", "),
        default: { raw: "GLACIER" },
    }),
    custodianGroupName: spec({
        schema: groupName,
        allowed: GROUP_NAME_ALLOWED,
        default: { raw: "us-data-custodians" },
    }),
    auditorGroupName: spec({
        schema: groupName,
        allowed: `${GROUP_NAME_ALLOWED}, different from custodianGroupName`,
        default: { raw: "us-data-auditors" },
    }),
    nonUsStaffGroupNames: spec({
        schema: jsonList(groupName).refine((l) => distinct(l, (g) => g.toLowerCase()), {
            message: "duplicate group names",
        }),
        allowed: "a JSON list of distinct OCI group names, none equal to custodianGroupName or auditorGroupName",
        default: { raw: "[]" },
    }),
    dnsZoneName: spec({
        schema: z.string().regex(new RegExp(`^(?=.{1,253}$)${dnsLabel}(\\.${dnsLabel})+$`)),
        allowed: "a lowercase DNS name with at least two labels and no trailing dot, e.g. us.example.com",
        default: "required",
    }),
    dnsSteeredLabel: spec({
        schema: z.string().regex(new RegExp(`^${dnsLabel}$`)),
        allowed: "a single lowercase DNS label, e.g. app",
        default: { raw: "app" },
    }),
    usUserTrafficEndpoints: spec({
        schema: jsonList(publicIpv4)
            .refine((l) => l.length >= 1 && l.length <= 16, { message: "needs 1 to 16 addresses" })
            .refine((l) => distinct(l), { message: "duplicate addresses" }),
        allowed: "a JSON list of 1 to 16 distinct public IPv4 addresses",
        default: "required",
    }),
} as const;

export type StackConfigKey = keyof typeof KEY_SPECS;
export const STACK_CONFIG_KEYS = Object.keys(KEY_SPECS) as StackConfigKey[];

function isKnownKey(key: string): key is StackConfigKey {
    return Object.prototype.hasOwnProperty.call(KEY_SPECS, key);
}

type Parsed = { -readonly [K in StackConfigKey]?: (typeof KEY_SPECS)[K] extends KeySpec<infer T> ? T : never };

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
        const s: KeySpec<unknown> = KEY_SPECS[key];
        const value = raw[key];
        if (value === undefined) {
            if (s.default === "required") {
                issues.push({ key: full(key), given: "nothing (the key is required)", allowed: s.allowed });
            } else if (s.default !== "optional") {
                (parsed as Record<string, unknown>)[key] = s.schema.parse(s.default.raw);
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
            (parsed as Record<string, unknown>)[key] = result.data;
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
    const p = parsed;
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

    // All required keys are present here, otherwise an issue was recorded above.
    const ok = p as Required<Parsed>;
    return Object.freeze({
        environment: ok.environment,
        ociTenancyOcid: ok.ociTenancyOcid,
        ociCompartmentOcid: ok.ociCompartmentOcid,
        ociObjectStorageNamespace: ok.ociObjectStorageNamespace,
        ociHomeRegion: ok.ociHomeRegion,
        ociPrimaryRegion: ok.ociPrimaryRegion,
        ociDrRegion: ok.ociDrRegion,
        awsAccountId: ok.awsAccountId,
        awsBackupWriterPrincipalArn: p.awsBackupWriterPrincipalArn ?? `arn:aws:iam::${ok.awsAccountId}:root`,
        awsBackupWriterExternalId: p.awsBackupWriterExternalId === undefined ? undefined : pulumi.secret(p.awsBackupWriterExternalId),
        objectLockRetentionDays: ok.objectLockRetentionDays,
        archiveAfterDays: ok.archiveAfterDays,
        archiveStorageClass: ok.archiveStorageClass,
        custodianGroupName: ok.custodianGroupName,
        auditorGroupName: ok.auditorGroupName,
        nonUsStaffGroupNames: Object.freeze([...ok.nonUsStaffGroupNames]),
        dnsZoneName: ok.dnsZoneName,
        dnsSteeredLabel: ok.dnsSteeredLabel,
        usUserTrafficEndpoints: Object.freeze([...ok.usUserTrafficEndpoints]),
    });
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
