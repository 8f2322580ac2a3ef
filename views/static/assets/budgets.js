// The budget banner (views/components/budgets/budget-banner.tsx): hidden for the rest of the browser session once
// dismissed; a new level (spent after 80 %) or a new month shows it again (its key changes).
(() => {
  const banner = document.querySelector('[data-budget-banner]');
  if (!banner) return;
  const key = `edgent.budget-banner.${banner.getAttribute('data-budget-banner')}`;
  try {
    if (sessionStorage.getItem(key)) {
      banner.hidden = true;
      return;
    }
  } catch {
    // storage refused (private mode): the banner stays
  }
  const close = banner.querySelector('.budget-banner-close');
  if (!close) return;
  close.hidden = false;
  close.addEventListener('click', () => {
    banner.hidden = true;
    try {
      sessionStorage.setItem(key, '1');
    } catch {
      // nothing to remember
    }
  });
})();
