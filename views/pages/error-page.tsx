// Full-page errors (404, 403, 500…) for browsers; the message must already be safe to show a user.
import { LogoMark } from '../components/ui/logo';
import { PublicLayout } from '../layouts/public-layout';

export function ErrorPage(props: { status: number; title: string; message: string; requestId?: string }) {
  return (
    <PublicLayout title={props.title}>
      <section class="card error-card" aria-labelledby="error-title">
        <a href="/app" aria-label="Edgent home">
          <LogoMark size={32} />
        </a>
        <p class="error-status">Error {props.status}</p>
        <h1 class="error-title" id="error-title">
          {props.title}
        </h1>
        <p class="error-message">{props.message}</p>
        <div class="btn-row">
          <a class="btn btn-primary" href="/app">
            Go to dashboard
          </a>
          <a class="btn btn-secondary" href="/login">
            Log in
          </a>
        </div>
        {props.requestId && (
          <p class="error-request">
            Request ID <code>{props.requestId}</code>
          </p>
        )}
      </section>
    </PublicLayout>
  );
}
