#!/usr/bin/env node
// The master-key rotation command: asks a running Edgent to re-wrap every tenant data key under its current
// MASTER_KEY. `OPERATOR_TOKEN=… npm run keys:rewrap -- https://edgent.example.com` (default http://127.0.0.1:8787).
const base = (process.argv[2] ?? process.env.EDGENT_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const token = process.env.OPERATOR_TOKEN;
if (!token) {
  console.error('Set OPERATOR_TOKEN to the operator token the platform was given (wrangler secret put OPERATOR_TOKEN).');
  process.exit(2);
}
const res = await fetch(`${base}/operator/v1/keys/rewrap`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
const body = await res.json().catch(() => ({}));
if (!res.ok) {
  console.error(`${res.status}: ${body?.error?.message ?? 'request failed'}`);
  process.exit(1);
}
console.log(`scanned ${body.scanned} tenant keys: ${body.rewrapped} re-wrapped, ${body.current} already current, ${body.failed.length} failed`);
for (const f of body.failed) console.log(`  ${f.tenantId}: ${f.error}`);
process.exit(body.failed.length ? 1 : 0);
