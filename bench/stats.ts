/** Median, min and max of repeated measurements; the samples are kept for the JSON file. */
export interface Summary {
    median: number;
    min: number;
    max: number;
    runs: number;
    samples: number[];
}

export function summarize(samples: number[]): Summary {
    if (samples.length === 0) throw new Error("no samples to summarize");
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: samples.length, samples };
}
