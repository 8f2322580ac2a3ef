// The shared helpers of the Workers tests: API calls and accounts, resources, page requests, SSE reading.
export * from './api';
export * from './pages';
export * from './resources';
export * from './sse';
export * from './teams';
