// Decrypted connection credentials, kept in the Durable Object's memory for a minute so a turn does not decrypt
// on every message. Never persisted; gone when the object is evicted.
import type { Bindings } from '../worker/env';
import { openSecret } from '../worker/crypto/envelope';

const TTL_MS = 60_000;

export class SecretCache {
  private readonly entries = new Map<string, { value: string | null; at: number }>();

  constructor(private readonly env: Bindings) {}

  async get(tenantId: string, connectionId: string): Promise<string | null> {
    const hit = this.entries.get(connectionId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = await openSecret(this.env, tenantId, connectionId);
    this.entries.set(connectionId, { value, at: Date.now() });
    return value;
  }
}
