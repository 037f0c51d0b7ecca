// Demo portal service worker: keeps an offline copy of the stylesheet, as portals do. No fetch
// handler, so it never stands between the page and the edge.
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open('demo-portal-offline').then((cache) => cache.add('/style.css')));
});
