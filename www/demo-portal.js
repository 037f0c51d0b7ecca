// Demo portal home: stores what real portals store, so that "log out and wipe" has something to
// clear — local storage, a service worker with its offline cache, and a CacheStorage entry. The
// session cookie was set by the demo sign-in. `data-demo-stored` tells the tests it is all there.

async function store() {
  localStorage.setItem('demo-portal-drafts', 'brouillon de demande de congés');
  const cache = await caches.open('demo-portal-pages');
  await cache.put('/demo/payslip-2026-11', new Response('fiche de paie de démonstration'));
  await navigator.serviceWorker.register('/demo-sw.js');
  await navigator.serviceWorker.ready;
}

store().then(
  () => { document.documentElement.dataset.demoStored = 'yes'; },
  (error) => { document.documentElement.dataset.demoStored = 'failed'; console.warn('demo portal storage', error); },
);
