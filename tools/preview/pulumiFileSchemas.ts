/**
 * The shapes of Pulumi's project file (`Pulumi.yaml`/`.yml`/`.json`) and stack file (`Pulumi.<stack>.*`), declared
 * once, from the CLI's own: the project schema `sdk/go/common/workspace/project.json` and the `Project` and
 * `ProjectStack` structs of `sdk/go/common/workspace/project.go`, and the options the Node.js language host reads
 * (`sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `parseOptions`). Where the CLI skips a key it does not know,
 * these refuse it, naming the key and the allowed ones: a key the offline preview would skip is a key it could be
 * wrong about.
 */
import { z } from "zod";
import type { MarkupValue } from "./pulumiMarkup";

/** A closed object: an unknown key is an error that names it and the allowed keys. */
function closed<T extends z.ZodRawShape>(shape: T) {
    const allowed = Object.keys(shape).join(", ");
    return z.strictObject(shape, {
        error: (issue) =>
            issue.code === "unrecognized_keys"
                ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")} (allowed: ${allowed})`
                : undefined,
    });
}

const optionalText = z.string().nullable().optional();
/** YAML integers are read exact (bigint); JSON numbers are numbers. */
export const integerValue = z.union([z.bigint(), z.number().int()]);
const anyValue = z.custom<MarkupValue>(() => true);

/** `runtime.options` for `nodejs`: what the Node.js language host reads, and nothing else. */
export const nodeRuntimeOptionsSchema = closed({
    /** Run TypeScript through ts-node (default true). */
    typescript: z.boolean().optional(),
    /** The tsconfig.json the program is compiled with, relative to the program's directory. */
    tsconfig: z.string().optional(),
    /** Arguments for the program's node process. */
    nodeargs: z.string().optional(),
    /** The package manager `pulumi install` uses (default auto). */
    packagemanager: z.enum(["auto", "npm", "yarn", "pnpm", "bun"]).optional(),
    /** `pulumi install` skips devDependencies. */
    production: z.boolean().optional(),
});
export type NodeRuntimeOptions = z.infer<typeof nodeRuntimeOptionsSchema>;

export const runtimeSchema = z.union([z.string().min(1), closed({ name: z.string().min(1), options: z.record(z.string(), anyValue).optional() })]);

const simpleConfigType = z.enum(["string", "integer", "boolean", "array", "object"]);
export type ConfigTypeName = z.infer<typeof simpleConfigType>;

/** The element type of an `array` config key (the CLI's `ProjectConfigItemsType`: `type` is a type name). */
export interface ConfigItemsType {
    type: ConfigTypeName;
    items?: ConfigItemsType;
}
export const configItemsTypeSchema: z.ZodType<ConfigItemsType> = z.lazy(() =>
    closed({ type: simpleConfigType, items: configItemsTypeSchema.optional() }).refine(
        (t) => t.type !== "array" || t.items !== undefined,
        "an array type needs 'items'",
    ),
);

/** A project config declaration: a type for a key of the project's own namespace, or a value for another's. */
export const configTypeDeclarationSchema = closed({
    type: simpleConfigType.optional(),
    items: configItemsTypeSchema.optional(),
    description: z.string().optional(),
    secret: z.boolean().optional(),
    default: anyValue.optional(),
    value: anyValue.optional(),
});
export type ConfigTypeDeclaration = z.infer<typeof configTypeDeclarationSchema>;

/** A project `config:` entry: shorthand (string, integer, boolean, list) or a declaration. */
export const projectConfigEntrySchema = z.union([z.string(), integerValue, z.boolean(), z.array(anyValue), configTypeDeclarationSchema]);

const pluginOptionsSchema = closed({ name: z.string(), path: z.string(), version: z.string().optional() });
const packageSpecSchema = closed({
    source: z.string(),
    version: z.string().optional(),
    parameters: z.array(z.string()).optional(),
    pluginDownloadURL: z.string().optional(),
    checksums: z.record(z.string(), z.string()).optional(),
    extensions: z.array(z.string()).optional(),
});

export const projectFileSchema = closed({
    name: z.string().min(1),
    runtime: runtimeSchema,
    main: optionalText,
    description: optionalText,
    author: optionalText,
    website: optionalText,
    license: optionalText,
    /** Config declarations; a string here is the old spelling of `stackConfigDir`. */
    config: z.union([z.record(z.string(), projectConfigEntrySchema), z.string(), z.null()]).optional(),
    stackConfigDir: optionalText,
    backend: closed({ url: z.string().optional() }).nullable().optional(),
    options: closed({ refresh: z.literal("always").optional() })
        .nullable()
        .optional(),
    template: closed({
        displayName: optionalText,
        description: optionalText,
        quickstart: optionalText,
        important: z.boolean().nullable().optional(),
        metadata: z.record(z.string(), z.string()).nullable().optional(),
        config: z.record(z.string(), anyValue).nullable().optional(),
    })
        .nullable()
        .optional(),
    packages: z.record(z.string(), z.union([z.string(), packageSpecSchema])).optional(),
    plugins: closed({
        providers: z.array(pluginOptionsSchema).optional(),
        analyzers: z.array(pluginOptionsSchema).optional(),
        languages: z.array(pluginOptionsSchema).optional(),
    }).optional(),
    requiredPulumiVersion: z.string().optional(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;

export const stackFileSchema = closed({
    config: z.record(z.string(), anyValue).nullable().optional(),
    secretsprovider: z.string().optional(),
    encryptedkey: z.string().optional(),
    encryptionsalt: z.string().optional(),
    /** Pulumi ESC environments the stack imports: a list of names, or an object with `imports`. */
    environment: anyValue.optional(),
});
export type StackFile = z.infer<typeof stackFileSchema>;

/** The first problem zod found, as `key 'a.b': what is wrong`. */
export function firstIssue(error: z.ZodError): string {
    const issue = error.issues[0];
    const where = issue.path.length > 0 ? `key '${issue.path.map(String).join(".")}'` : "top level";
    if (issue.code === "invalid_union") {
        // The most specific reason: the branch whose issues reach deepest.
        const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
        const deepest = branches.flat().sort((a, b) => b.path.length - a.path.length)[0];
        if (deepest && deepest.path.length > 0) {
            return `key '${[...issue.path, ...deepest.path].map(String).join(".")}': ${deepest.message}`;
        }
    }
    return `${where}: ${issue.message}`;
}
