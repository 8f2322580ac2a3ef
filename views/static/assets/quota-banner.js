// The plan-quota banner (views/components/billing/quota-banner.tsx): hidden for the rest of the browser session once
// dismissed; a new level (reached after 80 %) or a new period shows it again (its key changes).
(() => {
  const banner = document.querySelector('[data-quota-banner]');
  if (!banner) return;
  const key = `edgent.quota-banner.${banner.getAttribute('data-quota-banner')}`;
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
