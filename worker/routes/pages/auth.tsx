// Sign-up, login and logout as plain HTML forms: they work without JavaScript and re-render with field errors.
import { Hono, type Context } from 'hono';
import { LoginPage } from '../../../views/pages/login-page';
import { SignupPage } from '../../../views/pages/signup-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { formValues } from '../../lib/validate';
import { requirePageSession, resolveAuth } from '../../middleware/auth';
import { clearSessionCookie, writeSessionCookie } from '../../middleware/session-cookie';
import { login, loginSchema, logout, signup, signupSchema } from '../../services/accounts';

/** Only same-site paths, so `next` cannot send someone to another site after login. */
const safeNext = (c: Context<AppEnv>, next: unknown) => safeRedirectPath(next, new URL(c.req.url).origin);

const client = (c: Context<AppEnv>) => ({ ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });

async function form(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Known failures (409, 401, 429) are shown on the form; anything else goes to the error handler. */
function formError(e: unknown): { status: 400 | 401 | 409 | 429; message: string; field?: string } {
  if (e instanceof AppError && (e.status === 401 || e.status === 409 || e.status === 429)) {
    return { status: e.status, message: e.message, field: e.details?.[0]?.path };
  }
  throw e;
}

export const authPages = new Hono<AppEnv>()
  .get('/', async (c) => c.redirect((await resolveAuth(c).catch(() => null)) ? '/app' : '/login', 302))
  .get('/signup', async (c) => c.html(<SignupPage values={{}} errors={{}} />))
  .post('/signup', async (c) => {
    const body = await form(c);
    const values = { email: body.email, organization: body.organization, name: body.name };
    const parsed = formValues(signupSchema, body);
    if (!parsed.ok) return c.html(<SignupPage values={values} errors={parsed.errors} />, 400);
    try {
      const s = await signup(c.env, parsed.data, client(c));
      writeSessionCookie(c, s.token, s.expiresAt);
      return c.redirect('/app', 303);
    } catch (e) {
      const f = formError(e);
      if (f.status === 429) c.header('Retry-After', (e as AppError).headers?.['Retry-After'] ?? '60');
      const errors = f.field ? { [f.field]: 'An account with this email already exists. Log in instead?' } : {};
      return c.html(<SignupPage values={values} errors={errors} formError={f.field ? undefined : f.message} />, f.status);
    }
  })
  .get('/login', async (c) => c.html(<LoginPage values={{}} errors={{}} next={safeNext(c, c.req.query('next'))} />))
  .post('/login', async (c) => {
    const body = await form(c);
    const next = safeNext(c, body.next);
    const parsed = formValues(loginSchema, body);
    if (!parsed.ok) return c.html(<LoginPage values={{ email: body.email }} errors={parsed.errors} next={next} />, 400);
    try {
      const s = await login(c.env, parsed.data, client(c));
      writeSessionCookie(c, s.token, s.expiresAt);
      return c.redirect(next, 303);
    } catch (e) {
      const f = formError(e);
      if (f.status === 429) c.header('Retry-After', (e as AppError).headers?.['Retry-After'] ?? '60');
      return c.html(<LoginPage values={{ email: body.email }} errors={{}} formError={f.message} next={next} />, f.status);
    }
  })
  .post('/logout', requirePageSession(), async (c) => {
    const auth = c.var.auth;
    if (auth.kind === 'session') await logout(c.env, auth.sessionId);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
