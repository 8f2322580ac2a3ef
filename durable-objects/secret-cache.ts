/**
 * Connection credentials for a session's turns, and the endpoints they belong to. The secret is sealed with its
 * endpoint (base URL, auth type and names; crypto/envelope.ts), and a turn calls through the endpoint sealed with
 * the secret, not the copy in the session's snapshot: after a connection changes URL and secret, an existing
 * conversation sends the new secret to the new URL, never to the old one (nor the old secret to the new URL).
 *
 * Freshness: every turn reads each record it needs from KV, and decrypts only when the ciphertext changed, so a
 * rotated or deleted secret stops being used at the next turn instead of after a cache lifetime. Why this read:
 * D1 is off the hot path; a separate version key in KV would cost the same round trip as the record itself (which
 * is both the check and the data, the one KV read per turn ARCHITECTURE.md budgets); a broadcast from the
 * connection service would need a registry of the objects holding a secret, which does not exist (sessions
 * snapshot connections of old agent versions too). Turns on the platform's default provider (no connection) and
 * auth type `none` read nothing. KV itself is eventually consistent between locations: a change is seen at once
 * where it was written and within KV's cache time (about a minute) elsewhere.
 */
import type { Bindings } from '../worker/env';
import { type Credential, openSealedSecret, readSealedSecret } from '../worker/crypto/envelope';
import type { AgentSnapshot, ConnectionRef } from '../worker/llm/snapshot';

/** A snapshot with each connection bound to its sealed endpoint, and the secrets of this turn. */
export type BoundTurn = { snapshot: AgentSnapshot; secretFor: (connectionId: string) => Promise<string | null> };

export class SecretCache {
  private readonly opened = new Map<string, { ct: string; value: Credential }>();

  constructor(private readonly env: Bindings) {}

  /** The credential as stored now (one KV read; decrypted only when it changed), or null. */
  async get(tenantId: string, connectionId: string): Promise<Credential | null> {
    const rec = await readSealedSecret(this.env, tenantId, connectionId);
    if (!rec) {
      this.opened.delete(connectionId);
      return null;
    }
    const hit = this.opened.get(connectionId);
    if (hit && hit.ct === rec.ct) return hit.value;
    const value = await openSealedSecret(this.env, tenantId, connectionId, rec);
    this.opened.set(connectionId, { ct: rec.ct, value });
    return value;
  }

  /** Reads the credentials of every connection the snapshot uses (in parallel) and binds each to its endpoint. */
  async bind(snapshot: AgentSnapshot): Promise<BoundTurn> {
    const refs = [snapshot.connection, ...snapshot.toolConnections].filter((c): c is ConnectionRef => !!c && c.authType !== 'none');
    const ids = [...new Set(refs.map((c) => c.id))];
    const creds = new Map(await Promise.all(ids.map(async (id) => [id, await this.get(snapshot.tenantId, id)] as const)));
    const bound = (c: ConnectionRef): ConnectionRef => {
      const e = creds.get(c.id)?.endpoint;
      return e ? { ...c, baseUrl: e.baseUrl, authType: e.authType as ConnectionRef['authType'], authMeta: e.authMeta } : c;
    };
    return {
      snapshot: { ...snapshot, connection: snapshot.connection && bound(snapshot.connection), toolConnections: snapshot.toolConnections.map(bound) },
      secretFor: async (id) => (creds.has(id) ? (creds.get(id)?.secret ?? null) : ((await this.get(snapshot.tenantId, id))?.secret ?? null)),
    };
  }
}
