/* What a page of the portal does without the server (the Content-Security-Policy forbids scripts sent by
   the server, so these live here, bound by event delegation):
   - « Garder ma carte sur cet appareil » / « Retirer ma carte de cet appareil » (button ids garder-carte,
     oublier-carte): the service worker /sw.js keeps or drops the carte de tiers payant;
   - at logout (the form posting to /api/session/end) the kept card is deleted and the worker unregistered
     before the form leaves;
   - dates typed jj/mm/aaaa whatever the browser's language (inputs with data-masque="jj/mm/aaaa"): the
     slashes are added while typing digits; anything else typed or pasted is left to the server's check;
   - a failed login comes back to its form (?erreur=1) with the identifier typed put back: the form's submit
     leaves it in this tab's sessionStorage (never the password), read once and removed;
   - the keyboard focus kept when the server redraws what had it (components/focus.py): a dialog gives it
     back to what opened it (window.ocsoFocus, called by the dialogs' Radix focus events), and an element
     with data-focus="KEY" that had it and is replaced hands it to the new element with the same key (or,
     when none comes, to the keyed element around it that is still there); a form the server refused moves
     it to its first field in error, else to its message (window.ocsoFocus.refused);
   - a table wider than its box (components/tables.py, data-table-label) scrolls sideways in Radix's viewport:
     while it does, the viewport is a region named after the table in the tab order, which the arrows
     scroll (Safari does not make a scroller focusable by itself), and its edge fades on the side where
     more of it is hidden (data-more); a table that fits is none of these. */
(function () {
  "use strict";
  var CARD_CACHE = "ocso-carte";
  var LOGOUT = "/api/session/end";
  var LOGIN = "/api/login/";
  var LOGIN_KEPT = "ocso-identifiant";

  function say(text) {
    var status = document.getElementById("carte-hors-ligne-etat");
    if (status) status.textContent = text;
  }

  function tellWorker(message) {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        return new Promise(function (resolve, reject) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) { (event.data && event.data.ok ? resolve : reject)(); };
          registration.active.postMessage(message, [channel.port2]);
        });
      });
  }

  function forgetCard() {
    var steps = [];
    if ("caches" in window) steps.push(caches.delete(CARD_CACHE));
    if ("serviceWorker" in navigator) {
      steps.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.all(steps);
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("#garder-carte")) {
      if (!("serviceWorker" in navigator) || !("caches" in window)) {
        say("Ce navigateur ne permet pas de garder la carte sur l'appareil.");
        return;
      }
      say("Enregistrement de votre carte…");
      tellWorker("garder-carte").then(
        function () {
          say("Votre carte est gardée sur cet appareil : elle s'affiche même sans connexion. " +
              "Elle en sera effacée à votre déconnexion.");
        },
        function () { say("Votre carte n'a pas pu être gardée : réessayez."); }
      );
    } else if (target.closest("#oublier-carte")) {
      forgetCard().then(function () { say("Votre carte n'est plus gardée sur cet appareil."); });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute("action") !== LOGOUT) return;
    if (form.dataset.carteOubliee === "1") return;
    event.preventDefault();
    form.dataset.carteOubliee = "1";
    forgetCard().catch(function () {}).then(function () { form.submit(); });
  }, true);

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.dataset.masque !== "jj/mm/aaaa") return;
    if (event.inputType && event.inputType.indexOf("delete") === 0) return;
    if (/[^\d/]/.test(input.value)) return; // an ISO date pasted (aaaa-mm-jj) is left as it is
    var digits = input.value.replace(/\D/g, "").slice(0, 8);
    var text = digits.slice(0, 2);
    if (digits.length > 2) text += "/" + digits.slice(2, 4);
    if (digits.length > 4) text += "/" + digits.slice(4);
    if (text !== input.value) input.value = text;
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("action") || "").indexOf(LOGIN) !== 0) return;
    var login = form.elements.namedItem("login");
    try {
      if (login instanceof HTMLInputElement && login.value) sessionStorage.setItem(LOGIN_KEPT, login.value);
    } catch (e) { /* storage refused: the identifier is typed again */ }
  });

  function putBackLogin(triesLeft) {
    var kept = null;
    try { kept = sessionStorage.getItem(LOGIN_KEPT); } catch (e) { return; }
    if (!kept) return;
    if (!/[?&]erreur=1(&|$)/.test(window.location.search)) { sessionStorage.removeItem(LOGIN_KEPT); return; }
    var input = document.querySelector('form[action^="' + LOGIN + '"] input[name="login"]');
    if (!input) { // the page is still being drawn
      if (triesLeft > 0) window.setTimeout(function () { putBackLogin(triesLeft - 1); }, 100);
      return;
    }
    if (!input.value) input.value = kept;
    sessionStorage.removeItem(LOGIN_KEPT);
  }
  putBackLogin(50);

  /* Focus. What a dialog gives the focus back to, in this order: what had it when the dialog opened, if
     still on the page; else what carries the same data-focus key (the button the server put in its place),
     or the key of a keyed element around it (a dispense request whose buttons went once it was decided);
     else what stands where it stood (its former parent's first control); else the page's title. */
  var CONTROLS = 'button:not([disabled]), a[href], input:not([disabled]):not([type="hidden"]), ' +
    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  function keysOf(element) { // the data-focus keys of the element and of the keyed elements around it
    var keys = [];
    var holder = element instanceof Element ? element.closest("[data-focus]") : null;
    while (holder) {
      keys.push(holder.getAttribute("data-focus"));
      holder = holder.parentElement ? holder.parentElement.closest("[data-focus]") : null;
    }
    return keys;
  }

  // The element itself when it is a control or made focusable for this (tabindex=-1: a block standing for
  // what it holds), else its first control.
  function focusIn(element) {
    if (!element || !element.isConnected) return false;
    var itself = element.matches(CONTROLS) || element.getAttribute("tabindex") === "-1";
    var target = itself ? element : element.querySelector(CONTROLS);
    if (!target) return false;
    target.focus();
    return document.activeElement === target;
  }

  function byKey(key) {
    return key ? document.querySelector('[data-focus="' + CSS.escape(key) + '"]') : null;
  }

  function focusByKeys(keys) { // the innermost key first
    return keys.some(function (key) { return focusIn(byKey(key)); });
  }

  function focusTitle() {
    var title = document.querySelector("main h1");
    if (!title) return false;
    if (!title.hasAttribute("tabindex")) title.setAttribute("tabindex", "-1");
    title.focus();
    return document.activeElement === title;
  }

  window.ocsoFocus = {
    opened: function (event) {
      var opener = document.activeElement;
      if (!(opener instanceof HTMLElement) || opener === document.body) return;
      event.target.ocsoOpener = { element: opener, keys: keysOf(opener), parent: opener.parentElement };
    },
    closed: function (event) {
      var opener = event.target.ocsoOpener;
      if (!opener) return focusTitle();
      return focusIn(opener.element) || focusByKeys(opener.keys) || focusIn(opener.parent) || focusTitle();
    },
    // The messages of the form (or card) with this id changed (components/focus.py's refusal_focus): when
    // the focus is in it (its button) or lost on the body, it goes to the first field aria-invalid, else
    // to the first message (role=alert, made focusable); an answer to something else does not move it.
    refused: function (scopeId) {
      var scope = document.getElementById(scopeId);
      var active = document.activeElement;
      if (!scope || (active && active !== document.body && !scope.contains(active))) return;
      var target = scope.querySelector('[aria-invalid="true"]') || scope.querySelector('[role="alert"]');
      if (!target || target === active) return;
      if (!target.matches(CONTROLS) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  };

  // An element with a key that had the focus and was removed by a redraw: the focus goes to its successor.
  // The successor may come with a later redraw (the server's answer): it is waited for 5 s at most.
  var lastFocused = null;
  var lastKeys = [];
  var lostAt = 0;
  document.addEventListener("focusin", function (event) {
    lastFocused = event.target;
    lastKeys = keysOf(event.target);
    lostAt = 0;
  });
  new MutationObserver(function () {
    if (!lastKeys.length || !lastFocused || lastFocused.isConnected) return;
    var active = document.activeElement;
    if (active && active !== document.body) return;
    if (!lostAt) lostAt = Date.now();
    if (Date.now() - lostAt > 5000) { lastKeys = []; return; }
    focusByKeys(lastKeys);
  }).observe(document.documentElement, { childList: true, subtree: true });

  /* Tables that scroll sideways. Their viewport is checked when it or the table in it changes size (a
     phone turned, rows come); a new table is found by the page's changes. */
  var SCROLLERS = "[data-table-label] .rt-ScrollAreaViewport";

  function markScroller(viewport) {
    var scrolls = viewport.scrollWidth > viewport.clientWidth + 1;
    if (!scrolls && document.activeElement === viewport) return; // left as it is until it loses the focus
    var label = viewport.closest("[data-table-label]").getAttribute("data-table-label");
    var region = { tabindex: "0", role: "region", "aria-label": label };
    Object.keys(region).forEach(function (name) {
      if (scrolls) viewport.setAttribute(name, region[name]); else viewport.removeAttribute(name);
    });
    markMore(viewport, scrolls);
  }

  /* data-more says on which side more of the table is hidden ("left", "right" or both): ocso.css fades
     that edge, so a phone shows that the table goes on. */
  function markMore(viewport, scrolls) {
    var sides = [];
    if (scrolls && viewport.scrollLeft > 1) sides.push("left");
    if (scrolls && viewport.scrollLeft + viewport.clientWidth < viewport.scrollWidth - 1) sides.push("right");
    if (sides.length) viewport.setAttribute("data-more", sides.join(" "));
    else viewport.removeAttribute("data-more");
  }

  var resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var viewport = entry.target.closest(".rt-ScrollAreaViewport");
      if (viewport) markScroller(viewport);
    });
  });
  var watched = new WeakSet();
  function watchScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (viewport) {
      [viewport, viewport.querySelector("table")].forEach(function (element) {
        if (element && !watched.has(element)) { watched.add(element); resized.observe(element); }
      });
    });
  }
  document.addEventListener("focusout", function (event) {
    if (event.target instanceof Element && event.target.matches(SCROLLERS)) markScroller(event.target);
  });
  document.addEventListener("scroll", function (event) { // scroll does not bubble: caught on its way down
    var viewport = event.target;
    if (viewport instanceof Element && viewport.matches(SCROLLERS)) {
      markMore(viewport, viewport.scrollWidth > viewport.clientWidth + 1);
    }
  }, true);
  new MutationObserver(watchScrollers).observe(document.documentElement, { childList: true, subtree: true });
  watchScrollers();
})();
