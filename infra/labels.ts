/**
 * Labels and locations shared by the components.
 *
 * A location is one value type, `<cloud>:<region>` (for example `oci:us-ashburn-1`). Every data store
 * carries the `data-class` label (AWS `tags`, OCI `freeformTags`) with a {@link DataClass} value.
 */
import { DATA_CLASS_LABEL, type DataClass } from "../policies/model/dataClass";

export type Cloud = "oci" | "aws";
export type Location = `${Cloud}:${string}`;

export function location(cloud: Cloud, region: string): Location {
    return `${cloud}:${region}`;
}

/** What a stack output says about one data store. */
export interface DataStoreDescriptor {
    /** Where the data lives, `<cloud>:<region>`. */
    readonly location: Location;
    /** The class of data the store holds. */
    readonly dataClass: DataClass;
}

/** Tags/freeform tags that label a resource with its data class, merged over `extra`. */
export function dataClassLabels(dataClass: DataClass, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...extra, [DATA_CLASS_LABEL]: dataClass };
}
