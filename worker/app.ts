// Mounts every route on one Hono app: request id, security headers and body limit first, then the sub-apps.
import { Hono } from 'hono';
import type { AppEnv } from './env';
import { bodyLimit } from './middleware/body-limit';
import { originCheck } from './middleware/origin-check';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { notFoundHandler, onError } from './on-error';
import { agentRoutes } from './routes/agents';
import { apiKeyRoutes } from './routes/api-keys';
import { assetRoutes } from './routes/assets';
import { authRoutes } from './routes/auth';
import { connectionRoutes } from './routes/connections';
import { health } from './routes/health';
import { meRoutes } from './routes/me';
import { operatorRoutes } from './routes/operator';
import { sessionRoutes } from './routes/sessions';
import { toolRoutes } from './routes/tools';
import { appPages } from './routes/pages-app';
import { authPages } from './routes/pages-auth';

export const app = new Hono<AppEnv>();

app.use(requestId(), securityHeaders(), bodyLimit(), originCheck());
app.onError(onError);
app.notFound(notFoundHandler);

app.route('/', health);
app.route('/', assetRoutes);
app.route('/api/v1/auth', authRoutes);
app.route('/api/v1/me', meRoutes);
app.route('/operator/v1', operatorRoutes);
app.route('/api/v1/api-keys', apiKeyRoutes);
app.route('/api/v1/agents', agentRoutes);
app.route('/api/v1/connections', connectionRoutes);
app.route('/api/v1/sessions', sessionRoutes);
app.route('/api/v1/tools', toolRoutes);
app.route('/', authPages);
app.route('/app', appPages);
