// retry.js — an error page that says the service is unavailable (503) tries again by itself:
// it reloads after 2 s, then 4, 8, 16, and every 30 s from then on, counting down where it says
// so ([data-retry] .retry-in). The count is kept per page in sessionStorage and starts again
// once the page has not failed for two minutes.
'use strict';

(() => {
  const box = document.querySelector('[data-retry]');
  if (!box) return;
  const key = `retry:${location.pathname}${location.search}`;
  const now = Date.now();
  let state = { n: 0, at: 0 };
  try { state = JSON.parse(sessionStorage.getItem(key)) || state; } catch { /* fresh */ }
  if (now - state.at > 120000) state.n = 0;
  const wait = Math.min(30, 2 ** (state.n + 1));
  try { sessionStorage.setItem(key, JSON.stringify({ n: state.n + 1, at: now })); } catch { /* private mode */ }
  const out = box.querySelector('.retry-in');
  let left = wait;
  const tick = () => {
    if (out) out.textContent = ` in ${left} s`;
    if (left-- <= 0) location.reload();
    else setTimeout(tick, 1000);
  };
  tick();
})();
