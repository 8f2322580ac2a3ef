// Renders the marketplace community components to HTML strings for tests (test files are .ts: no JSX there).
import { ReportForm } from '../../../views/marketplace/report-form';
import { ReviewsSection } from '../../../views/marketplace/reviews-section';
import { TryItSection } from '../../../views/marketplace/try-it-section';

export const renderReviews = (props: Parameters<typeof ReviewsSection>[0]) => String(<ReviewsSection {...props} />);
export const renderTryIt = (props: Parameters<typeof TryItSection>[0]) => String(<TryItSection {...props} />);
export const renderReportForm = (props: Parameters<typeof ReportForm>[0]) => String(<ReportForm {...props} />);
