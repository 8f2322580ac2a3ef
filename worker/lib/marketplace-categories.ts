// The marketplace's categories (API.md "Marketplace"): a fixed list, so filters, pages and the sitemap agree.
export const CATEGORIES = [
  { slug: 'customer-support', name: 'Customer support' },
  { slug: 'sales', name: 'Sales and CRM' },
  { slug: 'marketing', name: 'Marketing and content' },
  { slug: 'engineering', name: 'Engineering and DevOps' },
  { slug: 'data', name: 'Data and analytics' },
  { slug: 'productivity', name: 'Productivity' },
  { slug: 'finance', name: 'Finance' },
  { slug: 'hr', name: 'People and HR' },
  { slug: 'legal', name: 'Legal and compliance' },
  { slug: 'education', name: 'Education' },
  { slug: 'research', name: 'Research' },
  { slug: 'other', name: 'Other' },
] as const;
export type CategorySlug = (typeof CATEGORIES)[number]['slug'];
export const CATEGORY_SLUGS = CATEGORIES.map((c) => c.slug) as [CategorySlug, ...CategorySlug[]];
export const categoryName = (slug: string) => CATEGORIES.find((c) => c.slug === slug)?.name ?? slug;
