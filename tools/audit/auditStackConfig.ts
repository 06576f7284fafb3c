import * as path from "path";
import { UserInputError } from "../errors";
import { loadStackConfig, type PulumiProject, type StackConfig } from "../preview/project";
import { checkDeclaredDataClass } from "../preview/declaredDataClass";

/**
 * The deployed stack's config, for what the pack reads of it (the stack's declared data class): a stack export
 * carries no config, so the audit is given the stack's `Pulumi.<stack>.yaml`. Keys without a namespace belong to
 * the export's project, as the language host reads them.
 */
export function readAuditStackConfig(file: string, projectName: string): StackConfig {
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    if (!m) throw new UserInputError(`--stack-config ${file}: expected a stack config file named Pulumi.<stack>.yaml`);
    const dir = path.dirname(path.resolve(file));
    // No project file travels with an export: a project of that name, with no config declarations, in the file's folder.
    const project: PulumiProject = {
        file: path.join(dir, `Pulumi${path.extname(file)}`),
        dir,
        name: projectName,
        program: dir,
        stackConfigDir: dir,
        runtime: { name: "nodejs", options: { typescript: true, packagemanager: "auto", production: false } },
        config: {},
    };
    const config = loadStackConfig(project, m[1]);
    checkDeclaredDataClass(config);
    return config;
}
