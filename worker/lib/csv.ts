// CSV (RFC 4180) for exports: a header row, cells quoted when needed, and formula-injection-safe: a cell a
// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with '.
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
