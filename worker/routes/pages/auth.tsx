// Sign-up, login and logout as plain HTML forms: they work without JavaScript and re-render with field errors.
import { Hono, type Context } from 'hono';
import { ForgotPasswordPage } from '../../../views/pages/forgot-password-page';
import { LoginPage } from '../../../views/pages/login-page';
import { ResetPasswordPage } from '../../../views/pages/reset-password-page';
import { SignupPage } from '../../../views/pages/signup-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { clientIp } from '../../lib/client-ip';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { formValues } from '../../lib/validate';
import { requirePageSession, resolveAuth } from '../../middleware/auth';
import { clearSessionCookie, writeSessionCookie } from '../../middleware/session-cookie';
import { login, loginSchema, logout, signup, signupSchema } from '../../services/accounts';
import { ssoSettings } from '../../services/sso/settings';
import { confirmPasswordReset, emailConfigured, requestPasswordReset, resetConfirmSchema, resetRequestSchema } from '../../services/password-reset';

/** Only same-site paths, so `next` cannot send someone to another site after login. */
const safeNext = (c: Context<AppEnv>, next: unknown) => safeRedirectPath(next, new URL(c.req.url).origin);

/** The login page's single sign-on button, when the operator configured a provider. */
const sso = (c: Context<AppEnv>) => {
  const s = ssoSettings(c.env);
  return s ? { name: s.name } : undefined;
};

const client = (c: Context<AppEnv>) => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
  waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p),
});

async function form(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Known failures (409, 401, 429) are shown on the form; anything else goes to the error handler. */
function formError(e: unknown): { status: 400 | 401 | 409 | 429; message: string; field?: string } {
  if (e instanceof AppError && (e.status === 400 || e.status === 401 || e.status === 409 || e.status === 429)) {
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
  .get('/login', async (c) => {
    const notice = c.req.query('notice') === 'password_reset' ? 'Your password is changed. Log in with the new one.' : undefined;
    return c.html(<LoginPage values={{}} errors={{}} notice={notice} next={safeNext(c, c.req.query('next'))} sso={sso(c)} />);
  })
  .post('/login', async (c) => {
    const body = await form(c);
    const next = safeNext(c, body.next);
    const parsed = formValues(loginSchema, body);
    if (!parsed.ok) return c.html(<LoginPage values={{ email: body.email }} errors={parsed.errors} next={next} sso={sso(c)} />, 400);
    try {
      const s = await login(c.env, parsed.data, client(c));
      writeSessionCookie(c, s.token, s.expiresAt);
      return c.redirect(next, 303);
    } catch (e) {
      const f = formError(e);
      if (f.status === 429) c.header('Retry-After', (e as AppError).headers?.['Retry-After'] ?? '60');
      return c.html(<LoginPage values={{ email: body.email }} errors={{}} formError={f.message} next={next} sso={sso(c)} />, f.status);
    }
  })
  .get('/forgot-password', (c) => c.html(<ForgotPasswordPage emailConfigured={emailConfigured(c.env)} />))
  .post('/forgot-password', async (c) => {
    const body = await form(c);
    const configured = emailConfigured(c.env);
    const parsed = formValues(resetRequestSchema, body);
    if (!parsed.ok) return c.html(<ForgotPasswordPage emailConfigured={configured} email={body.email} error={parsed.errors.email} />, 400);
    try {
      const r = await requestPasswordReset(c.env, parsed.data.email, clientIp(c), new URL(c.req.url).origin);
      if (r.delivery) c.executionCtx.waitUntil(r.delivery);
      return c.html(<ForgotPasswordPage emailConfigured={configured} sent email={parsed.data.email} />, 202);
    } catch (e) {
      const f = formError(e);
      if (f.status === 429) c.header('Retry-After', (e as AppError).headers?.['Retry-After'] ?? '60');
      return c.html(<ForgotPasswordPage emailConfigured={configured} email={body.email} formError={f.message} />, f.status);
    }
  })
  .get('/reset-password', (c) => {
    // The token is in the URL (it came by email): keep it out of caches and of Referer headers to other sites.
    // `same-origin`, not `no-referrer`: under no-referrer the browser sends `Origin: null` with the form's POST,
    // which the origin check refuses as cross-site.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    return c.html(<ResetPasswordPage token={c.req.query('token') ?? ''} />);
  })
  .post('/reset-password', async (c) => {
    const body = await form(c);
    const token = body.token ?? '';
    c.header('Cache-Control', 'no-store');
    const parsed = formValues(resetConfirmSchema, body);
    if (!parsed.ok) {
      if (parsed.errors.token) return c.html(<ResetPasswordPage token="" formError="This reset link is incomplete." />, 400);
      return c.html(<ResetPasswordPage token={token} error={parsed.errors.password} />, 400);
    }
    try {
      await confirmPasswordReset(c.env, parsed.data, client(c));
      clearSessionCookie(c);
      return c.redirect('/login?notice=password_reset', 303);
    } catch (e) {
      const f = formError(e);
      if (f.status === 429) c.header('Retry-After', (e as AppError).headers?.['Retry-After'] ?? '60');
      return c.html(<ResetPasswordPage token="" formError={f.message} />, f.status);
    }
  })
  .post('/logout', requirePageSession(), async (c) => {
    const auth = c.var.auth;
    if (auth.kind === 'session') await logout(c.env, auth.sessionId, actorOf(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
