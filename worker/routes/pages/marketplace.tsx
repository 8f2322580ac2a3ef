// Public marketplace pages (issue 18, mkt-discovery): /marketplace, /marketplace/:slug, /creators/:slug, /sitemap.xml.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const marketplacePages = new Hono<AppEnv>();
