// OpenAPI entries of worker/routes/api/auth.ts, me.ts and api-keys.ts.
import { z } from 'zod';
import { loginSchema, signupSchema } from '../../services/accounts';
import { createApiKeySchema } from '../../services/api-keys';
import { resetConfirmSchema, resetRequestSchema } from '../../services/password-reset';
import { routeDocs } from '../registry';
import { pageQuery } from './common';

export const docs = routeDocs([
  {
    method: 'post', path: '/api/v1/auth/signup', operationId: 'signup', tag: 'Accounts', auth: 'none', body: signupSchema,
    summary: 'Create an organization and its owner',
    description: 'Creates the tenant, its owner and a ready "Hello World" agent, and signs in (session cookie). Password: at least 10 characters.',
    responses: { 201: { description: 'Signed up', schema: 'AuthResult', headers: { 'Set-Cookie': 'The session cookie' } } },
    errors: [409, 429],
  },
  {
    method: 'post', path: '/api/v1/auth/login', operationId: 'login', tag: 'Accounts', auth: 'none', body: loginSchema,
    summary: 'Sign in', description: 'Wrong password and unknown email get the same 401.',
    responses: { 200: { description: 'Signed in', schema: 'AuthResult', headers: { 'Set-Cookie': 'The session cookie' } } },
    errors: [401, 429],
  },
  {
    method: 'post', path: '/api/v1/auth/password-reset', operationId: 'requestPasswordReset', tag: 'Accounts', auth: 'none', body: resetRequestSchema,
    summary: 'Ask for a password-reset link by email',
    description:
      'Always 202, whether or not the email has an account. When the operator configured email (EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM), the account gets a link that works once, for one hour; otherwise `email_configured` is false and an admin can make a link in Settings → Members. Limited per IP and per email.',
    responses: { 202: { description: 'Accepted', schema: z.object({ email_configured: z.boolean(), message: z.string() }) } },
    errors: [429],
  },
  {
    method: 'post', path: '/api/v1/auth/password-reset/confirm', operationId: 'confirmPasswordReset', tag: 'Accounts', auth: 'none', body: resetConfirmSchema,
    summary: 'Set a new password with a reset token',
    description: 'The token comes from the reset link. It works once; every session of the user is revoked. An unknown, used or expired token gets 400.',
    responses: { 204: { description: 'Password changed; all sessions signed out' } },
    errors: [429],
  },
  { method: 'post', path: '/api/v1/auth/logout', operationId: 'logout', tag: 'Accounts', summary: 'Sign out (revokes the session)', responses: { 204: { description: 'Signed out' } } },
  { method: 'get', path: '/api/v1/me', operationId: 'getMe', tag: 'Accounts', summary: 'Who is calling: user, organization, role (and the key’s scopes)', responses: { 200: { description: 'The caller', schema: 'Identity' } } },
  {
    method: 'post', path: '/api/v1/api-keys', operationId: 'createApiKey', tag: 'API keys', scopes: ['api_keys:write'], body: createApiKeySchema,
    summary: 'Create an API key',
    description:
      'The key is in this answer only; it is stored as a hash. A key cannot grant scopes its creator lacks. Give `scopes`, or a `preset` (the same as on the Developers page): `full` = ["*"], `read` = every `:read` scope, `chat` = ["agents:read", "sessions:write"]. Neither means full access.',
    responses: { 201: { description: 'The new key', schema: 'ApiKeyCreated' } },
  },
  { method: 'get', path: '/api/v1/api-keys', operationId: 'listApiKeys', tag: 'API keys', scopes: ['api_keys:read'], query: pageQuery, summary: 'List API keys (never the keys themselves)', responses: { 200: { description: 'A page of keys', schema: 'ApiKeyList' } } },
  {
    method: 'delete', path: '/api/v1/api-keys/{id}', operationId: 'revokeApiKey', tag: 'API keys', scopes: ['api_keys:write'],
    summary: 'Revoke an API key', description: 'Refused at once by this server and within 5 seconds everywhere.',
    responses: { 204: { description: 'Revoked' } }, errors: [404],
  },
  {
    method: 'get', path: '/api/v1/openapi.json', operationId: 'getOpenApi', tag: 'Service', auth: 'none', summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) } },
  },
]);
