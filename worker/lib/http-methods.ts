// Methods that change nothing: exempt from the CSRF token and the cross-site Origin check.
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
