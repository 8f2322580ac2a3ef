/** A size for people: bytes, KB or MB (one decimal at most), in binary units as file pickers show them. */
export function sizeText(n: number): string {
  const one = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KB`;
  return `${one(n / (1024 * 1024))} MB`;
}
