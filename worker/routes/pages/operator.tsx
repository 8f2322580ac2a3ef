// Operator moderation pages (issue 18, mkt-community): /operator (behind OPERATOR_TOKEN).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const operatorPages = new Hono<AppEnv>();
