// OpenAPI entries of worker/routes/api/embed-keys.ts (managing an agent's widget keys) and worker/routes/protocols/embed.ts (the
// widget's visitor API: CORS for the key's allowed origins only, a visitor token per conversation).
import { visitorMessageSchema } from '../../routes/protocols/embed';
import { createEmbedKeySchema, updateEmbedKeySchema } from '../../services/embed-keys';
import { visitorEvent } from '../../schemas/embed';
import { z } from 'zod';
import { routeDocs } from '../registry';
import { eventList } from './common';

const keyParams = { id: 'The agent id', key_id: 'The embed key id (`emb_…`)' };
const pk = { pk: 'The embed key’s public key (`pk_…`)' };
const visitor = { ...pk, id: 'The conversation id from POST /embed/v1/{pk}/sessions' };
const ORIGIN = 'Browsers only: the request’s Origin must be one of the key’s allowed origins (else 403, without CORS headers).';

export const docs = routeDocs([
  { method: 'post', path: '/api/v1/agents/{id}/embed-keys', operationId: 'createEmbedKey', tag: 'Embed keys', scopes: ['agents:write'], params: { id: keyParams.id }, body: createEmbedKeySchema, summary: 'Create a widget key for an agent', responses: { 201: { description: 'The key', schema: 'EmbedKey' } }, errors: [404] },
  { method: 'get', path: '/api/v1/agents/{id}/embed-keys', operationId: 'listEmbedKeys', tag: 'Embed keys', scopes: ['agents:read'], params: { id: keyParams.id }, summary: 'The agent’s active widget keys', responses: { 200: { description: 'The keys', schema: 'EmbedKeyList' } }, errors: [404] },
  { method: 'get', path: '/api/v1/agents/{id}/embed-keys/{key_id}', operationId: 'getEmbedKey', tag: 'Embed keys', scopes: ['agents:read'], params: keyParams, summary: 'Read a widget key', responses: { 200: { description: 'The key', schema: 'EmbedKey' } }, errors: [404] },
  { method: 'patch', path: '/api/v1/agents/{id}/embed-keys/{key_id}', operationId: 'updateEmbedKey', tag: 'Embed keys', scopes: ['agents:write'], params: keyParams, body: updateEmbedKeySchema, summary: 'Change a widget key’s origins or look', responses: { 200: { description: 'The key', schema: 'EmbedKey' } }, errors: [404] },
  { method: 'delete', path: '/api/v1/agents/{id}/embed-keys/{key_id}', operationId: 'revokeEmbedKey', tag: 'Embed keys', scopes: ['agents:write'], params: keyParams, summary: 'Revoke a widget key', responses: { 204: { description: 'Revoked' } }, errors: [404] },
  {
    method: 'get', path: '/embed/v1/{pk}/config', operationId: 'widgetConfig', tag: 'Widget', auth: 'none', params: pk, summary: 'What the widget shows: agent name, greeting, prompts, theme', description: ORIGIN,
    responses: { 200: { description: 'The configuration', schema: 'WidgetConfig' } }, errors: [403, 404],
  },
  { method: 'post', path: '/embed/v1/{pk}/sessions', operationId: 'widgetStart', tag: 'Widget', auth: 'none', params: pk, summary: 'Start a visitor conversation', description: ORIGIN, responses: { 201: { description: 'The conversation and its visitor token', schema: 'VisitorToken' } }, errors: [403, 404, 429] },
  { method: 'post', path: '/embed/v1/{pk}/sessions/{id}/token', operationId: 'widgetRefreshToken', tag: 'Widget', auth: 'visitor', params: visitor, summary: 'Renew a visitor token (also shortly after it expired)', description: ORIGIN, responses: { 200: { description: 'A new token', schema: 'VisitorToken' } }, errors: [403, 404] },
  { method: 'get', path: '/embed/v1/{pk}/sessions/{id}/messages', operationId: 'widgetHistory', tag: 'Widget', auth: 'visitor', params: visitor, summary: 'The conversation as the visitor sees it (no tool activity)', description: ORIGIN, responses: { 200: { description: 'The messages', schema: 'VisitorHistory' } }, errors: [403, 404] },
  {
    method: 'post', path: '/embed/v1/{pk}/sessions/{id}/messages', operationId: 'widgetSend', tag: 'Widget', auth: 'visitor', params: visitor, body: visitorMessageSchema,
    summary: 'Send a visitor message; the reply streams back', description: `${ORIGIN} SSE events: ${eventList(visitorEvent)}.`,
    responses: { 200: { description: 'The reply as Server-Sent Events', sse: 'VisitorEvent' } }, errors: [403, 404, 409, 429],
  },
  {
    method: 'get', path: '/embed/v1/{pk}/sessions/{id}/stream', operationId: 'widgetResumeStream', tag: 'Widget', auth: 'visitor', params: visitor,
    query: { last_event_id: { schema: z.string(), description: 'The id of the last event received (or send the `Last-Event-ID` header)' } },
    summary: 'Re-attach to the reply being written (after a dropped stream or a reload)',
    description: `${ORIGIN} The events after \`Last-Event-ID\` (all of the turn’s events without one), then live ones, as in widgetSend; the stream ends after \`message.completed\` or \`error\`. Nothing to send → 204. While a reply is being written, widgetHistory already lists the visitor’s message.`,
    responses: { 200: { description: 'The SSE stream of the reply’s remaining events', sse: 'VisitorEvent' }, 204: { description: 'Nothing to resume' } }, errors: [400, 403, 404],
  },
]);
