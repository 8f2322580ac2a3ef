export function mulberry32(seed: number): () => number;
export function shuffled<T>(xs: readonly T[], random: () => number): T[];
