// Types for dev-env.mjs: the local-environment building blocks shared by `npm start`, the e2e setup and benchmarks.
import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export { startToolRunner } from '../containers/tool-runner/local-process.mjs';
export function wranglerEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function parseVars(text: string): Record<string, string>;
export function generateDevVars(): { MASTER_KEY: string; SESSION_SECRET: string; ALLOW_PRIVATE_NETWORK: string };
export function ensureDevVars(options?: { path?: string; log?: (line: string) => void }): { created: boolean; path: string; vars: Record<string, string> };
export function copyAssets(options?: { quiet?: boolean }): boolean;
export function watchAssets(options?: { log?: (line: string) => void }): () => void;
export function applyMigrations(persistDir?: string, options?: { log?: (line: string) => void }): Promise<{ applied: string[]; output: string }>;
export function appliedMigrations(output: string): string[];
export function requiredSecrets(): string[];
export function isPortFree(port: number, host?: string): Promise<boolean>;
export function freePort(host?: string): Promise<number>;
export function nearestFreePort(preferred: number, host?: string): Promise<{ port: number; moved: boolean }>;
export function startWrangler(options?: {
  port?: number;
  persistTo?: string;
  vars?: Record<string, string>;
  inspectorPort?: number;
  inspector?: boolean;
  config?: string;
  stdio?: 'inherit' | 'pipe';
  logLevel?: string;
}): Promise<{ url: string; port: number; child: ChildProcess; exited: Promise<number | null>; output: () => string; stop: () => Promise<void> }>;
export function waitForHealth(url: string, options?: { timeoutMs?: number; exited?: Promise<unknown> }): Promise<void>;
export function startStripeFixture(options: { webhookUrl: string; port?: number; log?: (line: string) => void }): Promise<{
  url: string;
  vars: Record<'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_TEAM' | 'STRIPE_API_BASE', string>;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}>;
