// SHA-256 of a document's bytes (Web Crypto), hex: the ingestion consumer compares it with the stored hash so
// re-adding an unchanged document does no work.
export async function contentHash(bytes: Uint8Array | ArrayBuffer | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
