import type { Row, Unit } from "./figures";

export function formatValue(value: number | undefined, unit: Unit): string {
    if (value === undefined) return "-";
    switch (unit) {
        case "ms":
            return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
        case "us":
            return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} µs`;
        case "MB":
            return `${value.toFixed(0)} MB`;
        case "x":
            return `${value.toFixed(2)}x`;
    }
}

const HEADER = ["Figure", "median", "min", "max", "runs", "target", "status"];

function cells(r: Row): string[] {
    const main = r.value !== undefined ? r.value : r.median;
    return [
        r.label,
        formatValue(main, r.unit),
        formatValue(r.min, r.unit),
        formatValue(r.max, r.unit),
        r.runs === undefined ? "-" : String(r.runs),
        r.target ?? "",
        r.status ?? "",
    ];
}

/** The rows as an aligned text table: label left, numbers right. */
export function renderTable(rows: Row[]): string[] {
    const body = rows.map(cells);
    const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
    const line = (c: string[]) =>
        c
            .map((text, i) => (i === 0 || i >= 5 ? text.padEnd(widths[i]) : text.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(HEADER), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}

/** One line per target: what it asks, what was measured, MET or MISSED. */
export function renderTargets(rows: Row[]): string[] {
    return rows
        .filter((r) => r.status)
        .map((r) => `${r.status === "MET" ? "MET   " : "MISSED"}  ${r.label.trim()}: ${formatValue(r.value ?? r.median, r.unit)} (target ${r.target})`);
}
