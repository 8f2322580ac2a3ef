// The share-link page /s/:token: a public, server-rendered chat page for an agent shared by link (no account). An
// unknown, rotated or no-longer-shared link is the 404 page. Its visitor API is routes/protocols/share.ts.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { sharedAgent } from '../../services/share-links';
import { SharePage } from '../../../views/pages/share-page';

export const sharePages = new Hono<AppEnv>().get('/:token', async (c) => {
  const token = c.req.param('token');
  const shared = await sharedAgent(c.env, token);
  if (!shared) throw notFound('Share link');
  // The URL is a credential: never sent on as a Referer, never cached, never indexed.
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
  return c.html(<SharePage name={shared.name} description={shared.description} api={`/s/${token}/api`} />);
});
