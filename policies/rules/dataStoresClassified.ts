import { DATA_CLASS_LABEL, DATA_CLASSES } from "../model/dataClass";
import { residencyPolicy } from "../model/policyKit";

const HOW = `set the '${DATA_CLASS_LABEL}' label to one of ${DATA_CLASSES.join(", ")} (AWS: tags; OCI: freeformTags or definedTags '<namespace>.${DATA_CLASS_LABEL}') as a literal value`;

/** Every data store carries a valid, known data class. */
export const dataStoresClassified = residencyPolicy({
    name: "data-stores-classified",
    description: `Every data store carries a '${DATA_CLASS_LABEL}' label with a known, valid value.`,
    severity: "high",
    roles: ["core-residency"],
    remediationSteps: `On the named resource, ${HOW}.`,
    check: (ctx, report) => {
        ctx.each((f) => {
            const name = f.resource.name;
            if (f.error) {
                report(f.resource, `'${name}' could not be read to classify it: ${f.error}. Treated as unclassified: fix its properties.`);
                return;
            }
            if (!f.isStore) return;
            // Data flows into it from a store of US user data: no label could say more (labels only raise).
            const classFromInputs = f.effectiveClass === "us-user-data" && (f.taintedBy.length > 0 || f.raisedBy.length > 0);
            if (classFromInputs && f.label.kind === "missing") return;
            const unclassified =
                f.role === "unclassified"
                    ? ` Its type is not in the catalogue, so it is held to the rules of a store and a copy: ${HOW}, or classify ${f.resource.type} in policies/model/catalogue (see README, 'Classifying a resource type').`
                    : "";
            switch (f.label.kind) {
                case "missing":
                    report(
                        f.resource,
                        unclassified
                            ? `'${name}' (${f.resource.type}) has no '${DATA_CLASS_LABEL}' label.${unclassified}`
                            : `data store '${name}' (${f.resource.type}) has no '${DATA_CLASS_LABEL}' label: ${HOW}.`,
                    );
                    break;
                case "unknown":
                    report(f.resource, `the '${DATA_CLASS_LABEL}' label of '${name}' cannot be known at preview (${f.label.reason}): ${HOW}.`);
                    break;
                case "invalid":
                    report(f.resource, `the '${DATA_CLASS_LABEL}' label of '${name}' is invalid: ${f.label.reason}. ${HOW[0].toUpperCase()}${HOW.slice(1)}.`);
                    break;
            }
        });
        for (const e of ctx.model.errors) {
            report(e.resource, `the data flows of '${e.resource.name}' could not be read: ${e.message}. Treated as a violation: fix its properties.`);
        }
    },
});
