/**
 * Writes a Pulumi TypeScript project of about N resources, for the end-to-end scale figure of the offline
 * preview. The program is what a large residency stack looks like: the repository's own components
 * (infra/components) in many copies, each with its own arguments, plus plain labelled buckets that use the
 * keys of earlier units and access controls that name earlier stores' buckets, all through explicit
 * per-location providers. The code is written out unit by unit, split into modules, as a generated or
 * hand-written program of that size would be. Seeded: the same N always gives the same files.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./paths";
import { Random } from "./random";

/** Where generated projects go: inside the repository (so that modules resolve to its node_modules), ignored by git. */
export const SCALE_ROOT = path.join(REPO_ROOT, ".tmp-scale");
export const SCALE_STACK = "scale";
const SEED = 0x5ca1e;
/** Units written per module of the generated program. */
const UNITS_PER_MODULE = 25;

type UnitKind = "usBackup" | "nonUsBackup" | "ociStore" | "accessControls" | "labelledBucket";

const MIX: [UnitKind, number][] = [
    ["usBackup", 0.3],
    ["nonUsBackup", 0.15],
    ["ociStore", 0.25],
    ["accessControls", 0.1],
    ["labelledBucket", 0.2],
];

export interface ScaleProject {
    /** The project directory: pass it to `bin/preview.js --cwd`. */
    dir: string;
    stack: string;
    /** Resources the preview will count, estimated from the units written. */
    expectedResources: number;
    units: number;
}

function pickKind(rng: Random): UnitKind {
    let x = rng.next();
    for (const [kind, share] of MIX) {
        if (x < share) return kind;
        x -= share;
    }
    return MIX[MIX.length - 1][0];
}

interface Unit {
    kind: UnitKind;
    id: string;
    /** Resources the unit registers, components included. */
    size: number;
    /** TypeScript statements that create the unit; `exports` lines add to the stack's `dataStores` output. */
    code: string[];
    exports: string[];
}

const q = JSON.stringify;

class UnitWriter {
    /** Earlier backup vaults, with the provider each was created with. */
    private readonly backups: string[] = [];
    private readonly backupProvider = new Map<string, string>();
    private readonly stores: string[] = [];

    constructor(private readonly rng: Random) {}

    /** Variables are local to a module: later units refer only to earlier ones of their own module. */
    startModule(): void {
        this.backups.length = 0;
        this.stores.length = 0;
    }

    /** A variable of an earlier unit of this module, when there is one: references make dependencies. */
    private earlier(list: string[]): string | undefined {
        return list.length === 0 ? undefined : this.rng.pick(list.slice(-8));
    }

    unit(kind: UnitKind, n: number): Unit {
        const id = `u${String(n).padStart(5, "0")}`;
        const owner = this.rng.pick(["storage", "platform", "analytics", "payments", "identity"]);
        const tags = `{ owner: ${q(owner)}, unit: ${q(id)} }`;
        switch (kind) {
            case "usBackup":
            case "nonUsBackup": {
                const us = kind === "usBackup";
                const v = `${id}Vault`;
                const provider = us ? "ctx.providers.awsUsBackup" : "ctx.providers.awsNonUsBackup";
                this.backups.push(v);
                this.backupProvider.set(v, provider);
                const accessLogging = us || this.rng.chance(0.5);
                return {
                    kind,
                    id,
                    // The component, its key, suffix, hardened bucket (a component: bucket and seven settings), writer role and policy;
                    // access logs add another hardened bucket (a component and seven).
                    size: accessLogging ? 22 : 14,
                    code: [
                        `    const ${v} = new AwsBackupVault(`,
                        `        ${q(`${id}-backup`)},`,
                        `        {`,
                        `            ...ctx.backupSettings,`,
                        `            region: ${provider}.region,`,
                        `            dataClass: ${q(us ? "us-user-data" : "non-us-user-data")},`,
                        `            bucketNamePrefix: ${q(`${id}-backup-${this.rng.hex(4)}`)},`,
                        `            objectLockRetentionDays: ${this.rng.pick([30, 90, 365])},`,
                        `            accessLogging: ${accessLogging},`,
                        `            tags: ${tags},`,
                        `        },`,
                        `        { provider: ${provider}.provider, protect: ctx.protect },`,
                        `    );`,
                    ],
                    exports: [
                        `    stores[${q(`${id}Backup`)}] = ${v}.dataStores.backup;`,
                        ...(accessLogging ? [`    if (${v}.dataStores.accessLogs) stores[${q(`${id}AccessLogs`)}] = ${v}.dataStores.accessLogs;`] : []),
                    ],
                };
            }
            case "ociStore": {
                const s = `${id}Store`;
                this.stores.push(s);
                const [primary, dr] = this.rng.chance(0.7) ? ["ociPrimary", "ociDr"] : ["ociDr", "ociPrimary"];
                return {
                    kind,
                    id,
                    // The component, two regional vaults (component, vault, key), two buckets, their suffixes, replication, grants, audit.
                    size: 13,
                    code: [
                        `    const ${s} = new OciPrimaryStore(`,
                        `        ${q(`${id}-store`)},`,
                        `        {`,
                        `            tenancyId: ctx.config.ociTenancyOcid,`,
                        `            compartmentId: ctx.config.ociCompartmentOcid,`,
                        `            namespace: ctx.config.ociObjectStorageNamespace,`,
                        `            home: ctx.providers.ociHome,`,
                        `            primary: ctx.providers.${primary},`,
                        `            dr: ctx.providers.${dr},`,
                        `            namePrefix: ${q(`${id}-us-user-data`)},`,
                        `            auditRetentionDays: 365,`,
                        `            freeformTags: { ...ctx.ociTags, ...${tags} },`,
                        `        },`,
                        `        { protect: ctx.protect },`,
                        `    );`,
                    ],
                    exports: [`    stores[${q(`${id}Primary`)}] = ${s}.dataStores.primary;`, `    stores[${q(`${id}Dr`)}] = ${s}.dataStores.dr;`],
                };
            }
            case "accessControls": {
                // Names the buckets of an earlier store (literal prefixes, checkable at preview), or the stack's default prefix.
                const store = this.earlier(this.stores);
                const selector = store ? `{ namePrefix: ${store}.bucketNamePrefix }` : `{ namePrefix: "us-user-data" }`;
                return {
                    kind,
                    id,
                    size: 5,
                    code: [
                        `    new OciAccessControls(`,
                        `        ${q(`${id}-access`)},`,
                        `        {`,
                        `            tenancyId: ctx.config.ociTenancyOcid,`,
                        `            compartmentId: ctx.config.ociCompartmentOcid,`,
                        `            custodianGroupName: ctx.config.custodianGroupName,`,
                        `            auditorGroupName: ctx.config.auditorGroupName,`,
                        `            usUserDataBuckets: [${selector}],`,
                        `            nonUsStaffGroupNames: ctx.config.nonUsStaffGroupNames,`,
                        `            namePrefix: ${q(`${id}-access`)},`,
                        `            freeformTags: ctx.ociTags,`,
                        `        },`,
                        `        { provider: ctx.providers.ociHome.provider },`,
                        `    );`,
                    ],
                    exports: [],
                };
            }
            case "labelledBucket": {
                // A plain versioned bucket of no user data, encrypted under the key of an earlier backup vault when there is one.
                const vault = this.earlier(this.backups);
                const b = `${id}Bucket`;
                const key = vault
                    ? `${vault}.kmsKey.arn`
                    : `new aws.kms.Key(${q(`${id}-key`)}, { region, enableKeyRotation: true, deletionWindowInDays: 30, tags: dataClassLabels("no-user-data") }, { provider }).arn`;
                return {
                    kind,
                    id,
                    size: vault ? 4 : 5,
                    code: [
                        `    {`,
                        `        const { provider, region } = ${vault ? this.backupProvider.get(vault) : "ctx.providers.awsUsBackup"};`,
                        `        const ${b} = new aws.s3.Bucket(${q(`${id}-bucket`)}, { region, bucket: ${q(`${id}-assets-${this.rng.hex(6)}`)}, tags: dataClassLabels("no-user-data", ${tags}) }, { provider });`,
                        `        new aws.s3.BucketPublicAccessBlock(${q(`${id}-pab`)}, { region, bucket: ${b}.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, { provider });`,
                        `        new aws.s3.BucketVersioning(${q(`${id}-versioning`)}, { region, bucket: ${b}.id, versioningConfiguration: { status: "Enabled" } }, { provider });`,
                        `        new aws.s3.BucketServerSideEncryptionConfiguration(${q(`${id}-sse`)}, { region, bucket: ${b}.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ${key} }, bucketKeyEnabled: true }] }, { provider });`,
                        `        stores[${q(`${id}Assets`)}] = { location: location("aws", region), dataClass: "no-user-data" };`,
                        `    }`,
                    ],
                    exports: [],
                };
            }
        }
    }
}

function moduleText(name: string, units: Unit[], repoFromProgram: string): string {
    const infra = (p: string) => q(path.posix.join(repoFromProgram, "infra", p));
    return [
        `// Generated by bench/scaleProgram.ts: ${units.length} units.`,
        `import * as aws from "@pulumi/aws";`,
        `import { AwsBackupVault } from ${infra("components/awsBackupVault")};`,
        `import { OciAccessControls } from ${infra("components/ociAccessControls")};`,
        `import { OciPrimaryStore } from ${infra("components/ociPrimaryStore")};`,
        `import { dataClassLabels, location, type DataStoreDescriptor } from ${infra("labels")};`,
        `import type { Context } from "./context";`,
        ``,
        `export function ${name}(ctx: Context, stores: Record<string, DataStoreDescriptor>): void {`,
        // Every unit kind uses these names; a module without one of them must still compile.
        `    void aws;`,
        `    void dataClassLabels;`,
        `    void location;`,
        ...units.flatMap((u) => [...u.code, ...u.exports]),
        `}`,
        ``,
    ].join("\n");
}

function contextText(repoFromProgram: string): string {
    const infra = (p: string) => q(path.posix.join(repoFromProgram, "infra", p));
    return [
        `// Generated by bench/scaleProgram.ts.`,
        `import * as pulumi from "@pulumi/pulumi";`,
        `import type { StackConfig } from ${infra("config")};`,
        `import { createProviders, type Providers } from ${infra("providers")};`,
        ``,
        `export interface Context {`,
        `    config: StackConfig;`,
        `    providers: Providers;`,
        `    protect: boolean;`,
        `    ociTags: Record<string, string>;`,
        `    backupSettings: {`,
        `        archiveAfterDays: number;`,
        `        archiveStorageClass: StackConfig["archiveStorageClass"];`,
        `        writerPrincipalArn: string;`,
        `        writerExternalId?: pulumi.Input<string>;`,
        `    };`,
        `}`,
        ``,
        `export function createContext(config: StackConfig): Context {`,
        `    const providers = createProviders(config);`,
        `    return {`,
        `        config,`,
        `        providers,`,
        `        protect: config.environment === "prod",`,
        `        ociTags: { "managed-by": "pulumi", project: pulumi.getProject(), stack: pulumi.getStack(), environment: config.environment },`,
        `        backupSettings: {`,
        `            archiveAfterDays: config.archiveAfterDays,`,
        `            archiveStorageClass: config.archiveStorageClass,`,
        `            writerPrincipalArn: config.awsBackupWriterPrincipalArn,`,
        `            writerExternalId: config.awsBackupWriterExternalId,`,
        `        },`,
        `    };`,
        `}`,
        ``,
    ].join("\n");
}

function indexText(modules: string[], repoFromProgram: string): string {
    return [
        `// Generated by bench/scaleProgram.ts: ${modules.length} modules.`,
        `import { loadStackConfig } from ${q(path.posix.join(repoFromProgram, "infra", "config"))};`,
        `import type { DataStoreDescriptor } from ${q(path.posix.join(repoFromProgram, "infra", "labels"))};`,
        `import { createContext } from "./context";`,
        ...modules.map((m) => `import { ${m} } from "./${m}";`),
        ``,
        `const ctx = createContext(loadStackConfig());`,
        `const stores: Record<string, DataStoreDescriptor> = {};`,
        ...modules.map((m) => `${m}(ctx, stores);`),
        ``,
        `/** Every data store: where it is and what class of data it holds. */`,
        `export const dataStores = stores;`,
        ``,
    ].join("\n");
}

/** The stack file: the production stack's config under another stack name (the pack and the program read the same keys). */
function stackFileText(): string {
    const prod = fs.readFileSync(path.join(REPO_ROOT, "stacks", "Pulumi.us-prod.yaml"), "utf8");
    return `# Generated by bench/scaleProgram.ts from stacks/Pulumi.us-prod.yaml.\n${prod}`;
}

/** Writes the project for about `resources` resources (whole units) and returns where it is. */
export function writeScaleProject(resources: number, root = SCALE_ROOT): ScaleProject {
    const rng = new Random(SEED ^ resources);
    const writer = new UnitWriter(rng);
    // The stack resource, five providers and the random provider.
    let expected = 7;
    const units: Unit[] = [];
    while (expected < resources) {
        const kind = pickKind(rng);
        if (units.length % UNITS_PER_MODULE === 0) writer.startModule();
        const unit = writer.unit(kind, units.length);
        units.push(unit);
        expected += unit.size;
    }
    const dir = path.join(root, String(resources));
    fs.rmSync(dir, { recursive: true, force: true });
    const programDir = path.join(dir, "program");
    fs.mkdirSync(programDir, { recursive: true });
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    const repoFromProgram = path.relative(programDir, REPO_ROOT).split(path.sep).join("/");
    const tsconfigFromProgram = path.relative(programDir, path.join(REPO_ROOT, "tsconfig.json")).split(path.sep).join("/");

    const modules: string[] = [];
    for (let i = 0; i < units.length; i += UNITS_PER_MODULE) {
        const name = `units${String(modules.length).padStart(3, "0")}`;
        modules.push(name);
        fs.writeFileSync(path.join(programDir, `${name}.ts`), moduleText(name, units.slice(i, i + UNITS_PER_MODULE), repoFromProgram));
    }
    fs.writeFileSync(path.join(programDir, "context.ts"), contextText(repoFromProgram));
    fs.writeFileSync(path.join(programDir, "index.ts"), indexText(modules, repoFromProgram));
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        [
            `# Generated by bench/scaleProgram.ts: about ${expected} resources in ${units.length} units.`,
            `name: us-data-residency`,
            `description: Scale figure of the offline preview (generated).`,
            `runtime:`,
            `  name: nodejs`,
            `  options:`,
            `    typescript: true`,
            `    tsconfig: ${tsconfigFromProgram}`,
            `main: program/`,
            `stackConfigDir: stacks`,
            ``,
        ].join("\n"),
    );
    fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${SCALE_STACK}.yaml`), stackFileText());
    return { dir, stack: SCALE_STACK, expectedResources: expected, units: units.length };
}
