/**
 * An EmailSender over a Resend-style HTTP API: `POST <url>` with `Authorization: Bearer <key>` and
 * `{from, to: [..], subject, text, html}`, answered 2xx with `{id}`. Resend itself is
 * EMAIL_API_URL=https://api.resend.com/emails; other providers with the same shape (or a relay) work too.
 */
import type { EmailMessage, EmailSender } from './types';

export class EmailDeliveryError extends Error {
  override name = 'EmailDeliveryError';
}

export function httpEmailSender(config: { url: string; apiKey: string; from: string; timeoutMs?: number }): EmailSender {
  return {
    async send(m: EmailMessage) {
      const res = await fetch(config.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: config.from, to: [m.to], subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) }),
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      if (!res.ok) {
        // The provider's message helps the operator (bad key, unverified sender); it never contains our key.
        const detail = (await res.text().catch(() => '')).slice(0, 300);
        throw new EmailDeliveryError(`The email API answered ${res.status}${detail ? `: ${detail}` : ''}`);
      }
      await res.body?.cancel();
    },
  };
}
