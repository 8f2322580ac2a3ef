// Timestamps as the API shows them: stored milliseconds → ISO 8601 strings (null stays null).
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
