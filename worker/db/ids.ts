// Prefixed, time-sortable ids (API.md): `agt_` + 10 chars of milliseconds + 14 random chars, Crockford base32.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_PREFIX = {
  tenant: 'ten',
  user: 'usr',
  membership: 'mem',
  authSession: 'aus',
  apiKey: 'key',
  agent: 'agt',
  agentVersion: 'agv',
  session: 'ses',
  message: 'msg',
  connection: 'con',
  tool: 'tol',
  embedKey: 'emb',
  passwordReset: 'pwr',
  invitation: 'inv',
  audit: 'aud',
  usage: 'use',
  apiRequest: 'arq',
  turn: 'trn',
  step: 'stp',
  identity: 'idn',
  workflow: 'wfl',
  workflowVersion: 'wfv',
  run: 'run',
  trigger: 'trg',
  budget: 'bud',
  toolCall: 'tce',
  listing: 'lst',
  listingVersion: 'lsv',
  install: 'ins',
  review: 'rev',
  report: 'rpt',
  payment: 'pay',
  knowledgeBase: 'kb',
  document: 'doc',
  chatFile: 'fil',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/**
 * Random bytes drawn from the CSPRNG in blocks and handed out 14 at a time, each byte used once: a chat turn makes
 * several ids, and one getRandomValues call per id cost more than the id (a native call each) on the turn's thread.
 */
const POOL = new Uint8Array(1_400);
let poolAt = POOL.length;

export function newId(kind: IdKind, now = Date.now()): string {
  if (poolAt + 14 > POOL.length) {
    crypto.getRandomValues(POOL);
    poolAt = 0;
  }
  let tail = '';
  for (let i = poolAt, end = poolAt + 14; i < end; i++) tail += ALPHABET[POOL[i]! & 31];
  poolAt += 14;
  return `${ID_PREFIX[kind]}_${encodeTime(now)}${tail}`;
}

const ID_SHAPE = /^[a-z]{2,3}_[0-9a-z]{24}$/;

/** True when `id` looks like one of ours with the given prefix (cheap guard before a query). */
export function isId(kind: IdKind, id: string): boolean {
  return id.startsWith(`${ID_PREFIX[kind]}_`) && ID_SHAPE.test(id);
}

/** The smallest id of `kind` made at `ms` (every id made then or later sorts at or above it): a time bound on ids. */
export function idFloor(kind: IdKind, ms: number): string {
  return `${ID_PREFIX[kind]}_${encodeTime(ms)}`;
}
