// Shared plumbing of the app pages (pages-*.tsx): the layout's props, htmx detection, form bodies, field errors
// from service errors, and the query parameters the list pages share.
import type { Context } from 'hono';
import type { LayoutBase } from '../../../../views/layouts/app-layout';
import type { AppEnv } from '../../../env';
import { AppError } from '../../../errors';
import { identity } from '../../../services/identity';
import { membershipsOf } from '../../../services/memberships';
import { budgetBanner } from '../../../services/budgets';
import { graceBanner } from '../../../services/billing';
import { quotaBanner } from '../../../services/quota';
import { can, grants } from '../../../services/permissions';

/** The signed-in user, organization (and their other ones) and CSRF token every page layout needs. */
export async function layoutBase(c: Context<AppEnv>): Promise<LayoutBase> {
  const auth = c.var.auth;
  const [who, memberships, budget, grace, quota] = await Promise.all([
    identity(c.var.db, auth.userId!),
    membershipsOf(c.env, auth),
    budgetBanner(c.env, c.var.db),
    graceBanner(c.env, c.var.db, can(auth, 'billing:read')),
    quotaBanner(c.env, c.var.db, auth.role),
  ]);
  return {
    user: { name: who.user.name, email: who.user.email },
    tenant: { id: who.tenant.id, name: who.tenant.name },
    role: auth.role,
    csrfToken: auth.kind === 'session' ? auth.csrfToken : '',
    memberships: memberships.map((m) => ({ id: m.tenant.id, name: m.tenant.name, role: m.role })),
    can: grants(auth),
    budget,
    grace,
    quota,
  };
}

/**
 * True for an htmx request that wants a fragment. A history restore is an htmx request too, but it wants the whole
 * page; answers vary on these headers so a cached fragment is never shown as a page.
 */
export function wantsFragment(c: Context<AppEnv>): boolean {
  c.header('Vary', 'HX-Request, HX-History-Restore-Request');
  return c.req.header('hx-request') === 'true' && c.req.header('hx-history-restore-request') !== 'true';
}

export type FormBody = Record<string, string | string[] | File | File[]>;

/** A form post (urlencoded or multipart); repeated fields (checkboxes) come as arrays. */
export async function formBody(c: Context<AppEnv>): Promise<FormBody> {
  return (await c.req.parseBody({ all: true })) as FormBody;
}

/** One text value of a form field (the last, if repeated); '' when absent or a file. */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === 'string' ? one : '';
}

/** Every text value of a repeated field (checkboxes, multi-selects). */
export function texts(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/**
 * Field errors from a service's validation or conflict error, keyed by form field. `map` renames API paths to the
 * form's names (e.g. "auth.secret" → "secret"); the first message per field wins. Other errors are re-thrown.
 */
export function fieldErrors(e: unknown, map: (path: string) => string = (p) => p.split('.')[0]!): { errors: Record<string, string>; message: string } {
  if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 409)) throw e;
  const errors: Record<string, string> = {};
  for (const d of e.details ?? []) errors[map(d.path)] ??= d.message;
  return { errors, message: e.message };
}

/** A same-site redirect after a successful post: 303 for a plain form, HX-Redirect for an htmx one. */
export function redirectAfterPost(c: Context<AppEnv>, to: string) {
  if (c.req.header('hx-request') === 'true') {
    c.header('HX-Redirect', to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `YYYY-MM-DD` (UTC) to milliseconds, or undefined when absent or malformed. */
export function dayParam(raw: string | undefined, endOfDay = false): number | undefined {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
  const t = Date.parse(`${raw}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t + (endOfDay ? 86_400_000 : 0);
}
