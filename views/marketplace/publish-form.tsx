// The publish form of the agent's Marketplace page (/app/agents/:id/listing): a plain form (CSRF field), errors
// inline per field, what was typed kept on an error.
import { CATEGORIES } from '../../worker/lib/marketplace-categories';
import { Button } from '../components/ui/button';
import { InputField, SelectField, TextAreaField } from '../components/ui/form-field';

export type PublishFormValues = {
  title: string;
  tagline: string;
  description: string;
  category: string;
  tags: string;
  icon: string;
  screenshots: string;
  example: string;
  pricing: string;
  monthly_usd: string;
  slug: string;
};
export type PublishFormErrors = Partial<Record<keyof PublishFormValues | 'form', string>>;

export const BLANK_PUBLISH_FORM: PublishFormValues = {
  title: '',
  tagline: '',
  description: '',
  category: 'productivity',
  tags: '',
  icon: '',
  screenshots: '',
  example: '',
  pricing: 'free',
  monthly_usd: '',
  slug: '',
};

export function PublishForm(props: { action: string; csrf: string; values: PublishFormValues; errors: PublishFormErrors; submit: string; canEdit: boolean }) {
  const v = props.values;
  const e = props.errors;
  return (
    <form method="post" action={props.action} class="stack publish-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <InputField name="title" label="Title" value={v.title} error={e.title} required hint="3–80 characters; the listing's address is made from it." />
      <InputField name="tagline" label="Tagline" value={v.tagline} error={e.tagline} required hint="One line under the title (up to 140 characters)." />
      <TextAreaField
        name="description"
        label="Description"
        note="Markdown"
        value={v.description}
        error={e.description}
        rows={8}
        hint="What the agent does, what it needs (connections), examples. Rendered safely on the public page."
      />
      <SelectField name="category" label="Category" value={v.category} error={e.category} options={CATEGORIES.map((c) => ({ value: c.slug, label: c.name }))} />
      <InputField name="tags" label="Tags" value={v.tags} error={e.tags} hint="Comma-separated, up to 10 (e.g. crm, email, support)." />
      <InputField name="icon" label="Icon" note="optional" value={v.icon} error={e.icon} hint="An emoji, or an https:// URL of an image." />
      <TextAreaField
        name="screenshots"
        label="Screenshots"
        note="optional"
        value={v.screenshots}
        error={e.screenshots}
        rows={3}
        hint="One https:// image URL per line (up to 6)."
      />
      <TextAreaField
        name="example"
        label="Example conversation"
        note="optional"
        value={v.example}
        error={e.example}
        rows={4}
        hint={'One message per line, starting with "user:" or "assistant:".'}
      />
      <SelectField
        name="pricing"
        label="Pricing"
        value={v.pricing}
        error={e.pricing}
        options={[
          { value: 'free', label: 'Free' },
          { value: 'subscription', label: 'Monthly subscription' },
        ]}
      />
      <InputField
        name="monthly_usd"
        label="Monthly price (USD)"
        note="subscriptions only"
        value={v.monthly_usd}
        error={e.monthly_usd}
        type="number"
        step="0.01"
        min="1"
      />
      <InputField
        name="slug"
        label="Address"
        note="optional"
        value={v.slug}
        error={e.slug}
        hint="/marketplace/<address>; made from the title when empty. Unique across the marketplace."
      />
      {props.canEdit && (
        <div class="btn-row">
          <Button>{props.submit}</Button>
        </div>
      )}
    </form>
  );
}
