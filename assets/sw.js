/* OCSO Santé's service worker. It keeps ONE thing on the device, and only when the member asks for it
   (« Garder ma carte sur cet appareil »): the carte de tiers payant (its static view and its PDF). Nothing
   else is ever cached. Offline, the card's page (or any page of the member space) shows the kept card.
   The cache is deleted at logout (this worker sees the logout POST; the page's script deletes it too), and
   by the browser when anybody else logs in on the device (the login's Clear-Site-Data, kept_card.py). */
"use strict";

const CARD_CACHE = "ocso-carte";
const CARD_VIEW = "/api/assure/carte-tiers-payant/hors-ligne";
const CARD_PDF = "/api/assure/carte-tiers-payant.pdf";
const CARD_PAGE = "/assure/carte-tiers-payant";
const MEMBER_SPACE = "/assure";
const LOGOUT = "/api/session/end";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function keepCard() {
  const cache = await caches.open(CARD_CACHE);
  for (const url of [CARD_VIEW, CARD_PDF]) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      throw new Error("card not kept: " + response.status);
    }
    await cache.put(url, response);
  }
}

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const reply = (ok) => port && port.postMessage({ ok: ok });
  if (event.data === "garder-carte") {
    event.waitUntil(keepCard().then(() => reply(true), () => caches.delete(CARD_CACHE).then(() => reply(false))));
  } else if (event.data === "oublier-carte") {
    event.waitUntil(caches.delete(CARD_CACHE).then(() => reply(true)));
  }
});

function keptCopy(request, url) {
  if (url.pathname === CARD_PDF) return CARD_PDF;
  if (url.pathname === CARD_VIEW) return CARD_VIEW;
  const path = url.pathname.replace(/\/+$/, "");
  const inSpace = path === MEMBER_SPACE || path.startsWith(MEMBER_SPACE + "/");
  if (request.mode === "navigate" && (path === CARD_PAGE || inSpace)) return CARD_VIEW;
  return null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === LOGOUT) {
    event.waitUntil(caches.delete(CARD_CACHE));
    return; // the logout itself goes to the network untouched
  }
  if (request.method !== "GET") return;
  const kept = keptCopy(request, url);
  if (kept === null) return; // everything else: straight to the network, never stored
  event.respondWith(
    fetch(request).catch(() =>
      caches.open(CARD_CACHE)
        .then((cache) => cache.match(kept))
        .then((response) => response || Response.error()),
    ),
  );
});
