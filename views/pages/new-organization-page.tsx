// GET /app/organizations/new: create another organization (its creator is its owner; the session moves to it).
import { Button } from '../components/ui/button';
import { Csrf, InputField } from '../components/ui/form-field';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export function NewOrganizationPage(props: { base: LayoutBase; name?: string; error?: string }) {
  return (
    <AppLayout title="New organization" {...props.base}>
      <PageHeader
        title="Create an organization"
        description="A separate workspace with its own agents, connections, keys and members. You will be its owner and switch to it now; switch back from the user menu."
      />
      <section class="card settings-section">
        <form class="form form-inline" method="post" action="/app/organizations">
          <Csrf token={props.base.csrfToken} />
          <InputField
            name="name"
            id="org-new-name"
            label="Organization name"
            value={props.name}
            error={props.error}
            required
            autofocus
            attrs={{ maxlength: '100' }}
          />
          <Button>Create organization</Button>
        </form>
      </section>
    </AppLayout>
  );
}
