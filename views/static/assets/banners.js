// The dismissible notices on app pages (views/components/budgets/budget-banner.tsx, views/components/billing/
// quota-banner.tsx): each `[data-dismiss-key]` banner is hidden for the rest of the browser session once dismissed; a new
// level or a new period shows it again (the server changes its key). Loaded once per banner, so it sets each up once.
(() => {
  for (const banner of document.querySelectorAll('[data-dismiss-key]')) {
    if (banner.hasAttribute('data-dismiss-ready')) continue;
    banner.setAttribute('data-dismiss-ready', '');
    const key = banner.getAttribute('data-dismiss-key');
    try {
      if (sessionStorage.getItem(key)) {
        banner.hidden = true;
        continue;
      }
    } catch {
      // storage refused (private mode): the banner stays
    }
    const close = banner.querySelector('.budget-banner-close');
    if (!close) continue;
    close.hidden = false;
    close.addEventListener('click', () => {
      banner.hidden = true;
      try {
        sessionStorage.setItem(key, '1');
      } catch {
        // nothing to remember
      }
    });
  }
})();
