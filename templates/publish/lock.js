/* learnpath lock: opens a sealed site with the key from the link or a typed passphrase.
 *
 * On a lock page (it has the form #lp-lock): read the key from the URL fragment (and remove
 * it from the address bar at once), else from this browsing session (sessionStorage) or,
 * if the family chose it, from this device (localStorage); else wait for the passphrase.
 * A key is checked against the folder's sealed manifest before anything is stored, then
 * handed to the service worker (sw.js, at the site root), and the page reloads through it.
 *
 * On an unlocked page (served by the worker): answer the worker when it asks for the key
 * again (browsers stop idle workers), and offer "Forget on this device".
 * Only WebCrypto; no inline script, so the Content-Security-Policy stays strict.
 */
"use strict";

(function () {
  const FOLDER = /^[0-9a-f]{32}$/;
  const here = new URL(window.location.href);
  const segments = here.pathname.split("/");
  const at = segments.findIndex((s) => FOLDER.test(s));
  const script = document.currentScript;
  const form = document.getElementById("lp-lock");
  const folder = at >= 0 ? segments[at] : (form && form.dataset.folder) || "";
  if (!FOLDER.test(folder)) return;
  const root = new URL(at >= 0 ? segments.slice(0, at).join("/") + "/" : "./", here);
  const home = new URL(folder + "/", root);
  const slot = "learnpath:" + folder;

  const stored = () => sessionStorage.getItem(slot) || localStorage.getItem(slot);
  const fromB64 = (text) =>
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const toB64 = (bytes) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");

  if (form) lockPage();
  else unlockedPage();

  function lockPage() {
    const words = pickWords();
    const fragment = here.hash.slice(1);
    if (fragment) history.replaceState(null, "", here.pathname + here.search);
    const able = "serviceWorker" in navigator && window.isSecureContext && crypto.subtle;
    if (!able) return say(words.unsupported);
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      withPassphrase(form.elements.passphrase.value, words);
    });
    const known = /^[A-Za-z0-9_-]{43}$/.test(fragment) ? fragment : stored();
    if (fragment && fragment !== known) say(words.bad_link);
    else if (known) open(fromB64(known), words).then((ok) => ok || say(fragment ? words.bad_link : ""));
  }

  async function withPassphrase(text, words) {
    const typed = text.trim().toLowerCase().split(/[\s-]+/).join(" ").trim();
    if (!typed) return say(words.wrong);
    say(words.opening, true);
    try {
      const record = await (await fetch(new URL("key", home), { cache: "no-cache" })).json();
      const material = await crypto.subtle.importKey(
        "raw", new TextEncoder().encode(typed), "PBKDF2", false, ["deriveKey"]);
      const wrapping = await crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: fromB64(record.salt), iterations: record.iterations },
        material, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      const raw = await decrypt(wrapping, "key", fromB64(record.wrapped));
      if (await open(new Uint8Array(raw), words)) return;
      say(words.wrong);
    } catch (error) {
      say(words.wrong);
    }
  }

  // Check the key, keep it, hand it to the worker and reload; false if it is not this site's.
  async function open(raw, words) {
    try {
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
      const sealed = await (await fetch(new URL("manifest", home), { cache: "no-cache" })).arrayBuffer();
      await decrypt(key, "manifest", new Uint8Array(sealed)); // refuses a wrong key
    } catch (error) {
      sessionStorage.removeItem(slot);
      localStorage.removeItem(slot);
      return false;
    }
    say(words.opening, true);
    const text = toB64(raw);
    sessionStorage.setItem(slot, text);
    if (form.elements.remember.checked) localStorage.setItem(slot, text);
    await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
    const worker = (await navigator.serviceWorker.ready).active;
    await post(worker, { type: "key", folder, key: raw.buffer });
    window.location.replace(nextPage());
    return true;
  }

  // Where to go once unlocked: the page the family asked for (?next=), inside this folder.
  function nextPage() {
    const next = here.searchParams.get("next") || "";
    const safe = /^[A-Za-z0-9._~%\/-]*$/.test(next) && !next.includes("..") && !next.startsWith("/");
    return new URL(safe ? next : "", home).href;
  }

  function decrypt(key, aad, bytes) {
    return crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(aad) },
      key, bytes.slice(12));
  }

  function post(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage(message, [channel.port2]);
    });
  }

  function say(text, busy) {
    const status = document.getElementById("lp-status");
    status.textContent = text;
    status.classList.toggle("lp-error", Boolean(text) && !busy);
    if (text && !busy && form && !form.hidden) form.elements.passphrase.focus();
  }

  // The lock page carries every language's words; the browser's languages choose.
  function pickWords() {
    const all = JSON.parse(document.getElementById("lp-words").textContent);
    const wanted = [...(navigator.languages || []), navigator.language || "", "en"];
    const code = wanted.map((l) => l.toLowerCase().split("-")[0]).find((l) => l in all) || "en";
    document.documentElement.lang = code;
    for (const element of document.querySelectorAll("[data-word]")) {
      element.textContent = all[code][element.dataset.word];
    }
    const words = {}; // lock_wrong -> words.wrong
    for (const [name, text] of Object.entries(all[code])) words[name.slice(5)] = text;
    return words;
  }

  function unlockedPage() {
    if (!("serviceWorker" in navigator)) return;
    // Opened again from the letter's link while already unlocked: keep the key out of history.
    if (here.hash.slice(1) && here.hash.slice(1) === stored()) {
      history.replaceState(null, "", here.pathname + here.search);
    }
    navigator.serviceWorker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "need-key" && data.folder === folder && event.ports[0]) {
        const text = stored();
        event.ports[0].postMessage({ key: text ? fromB64(text).buffer : undefined });
      }
    };
    const label = script && script.dataset.forget;
    const footer = document.querySelector(".md-footer-meta__inner") || document.body;
    if (!label || !stored()) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button lp-forget";
    button.textContent = label;
    button.addEventListener("click", async () => {
      sessionStorage.removeItem(slot);
      localStorage.removeItem(slot);
      const worker = navigator.serviceWorker.controller;
      if (worker) await post(worker, { type: "forget", folder });
      window.location.replace(home.href);
    });
    footer.appendChild(button);
  }
})();
