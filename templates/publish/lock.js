/* learnpath lock: opens a sealed site with the key from the link or a typed passphrase.
 *
 * First, before anything else runs or loads: a key in the address bar (the URL fragment) is
 * taken out of it and out of this tab's history entry. The lock page loads this script at
 * the top of its <head> for that reason; the browser's history database has already recorded
 * the link by then (docs/privacy.md, "The key in the browser's history").
 *
 * On a lock page (its script tag has data-lock): use that key, else the one kept for this
 * browsing session (sessionStorage) or, if the family chose it, on this device
 * (localStorage); else wait for the passphrase. A key is checked against the folder's sealed
 * manifest before anything is stored, then handed to the service worker (sw.js, at the site
 * root), and the page reloads through it. A kept key is forgotten only when decryption proves
 * it wrong, never because the manifest could not be fetched.
 *
 * On an unlocked page (served by the worker): answer the worker when it asks for the key
 * again (browsers stop idle workers), and offer "Forget on this device".
 * Only WebCrypto; no inline script, so the Content-Security-Policy stays strict.
 */
"use strict";

// What a typed passphrase is compared as, exactly as generator/publish/wordlists.py's
// normalize(): accents, case and the spaces or hyphens between words do not matter
// ("Árbol-Casa" is "arbol casa"), Hangul comes back whole (NFC), and each Chinese character
// is a word of its own, so Chinese may be typed without spaces; the marks a messaging app
// slips into copied text (direction marks, joiners, a soft hyphen) are dropped. A global so
// that the tests compare it with Python's, word for word.
function learnpathNormalise(text) {
  const seen = text.replace(/[\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]/gu, "");
  const bare = seen.normalize("NFKD").replace(/\p{Mn}/gu, "");
  const composed = bare.toLowerCase().normalize("NFC");
  const spaced = composed.replace(/[\u3400-\u4dbf\u4e00-\u9fff]/gu, " $& ");
  const separators = /[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff-]+/u;
  return spaced.split(separators).filter(Boolean).join(" ");
}

(function () {
  const FOLDER = /^[0-9a-f]{32}$/;
  const KEY = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding
  const OPENED = "opened", WRONG = "wrong", DAMAGED = "damaged";
  const script = document.currentScript;
  const locked = Boolean(script && "lock" in script.dataset);
  let fragment = takeFragment();
  let here, folder, root, home, slot, form; // set by start(), once the page is parsed

  // The fragment, removed from the address bar and this history entry. On a lock page every
  // fragment is a key (or a damaged one); on a site page only one shaped like a key that names
  // no element is (a page's own anchors stay).
  function takeFragment() {
    const text = window.location.hash.slice(1);
    const anchor = !locked && (!KEY.test(text) || document.getElementById(text));
    if (!text || anchor) return "";
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
    return text;
  }

  function start() {
    here = new URL(window.location.href);
    const segments = here.pathname.split("/");
    const at = segments.findIndex((s) => FOLDER.test(s));
    form = document.getElementById("lp-lock");
    folder = at >= 0 ? segments[at] : (form && form.dataset.folder) || "";
    if (!FOLDER.test(folder)) return;
    root = new URL(at >= 0 ? segments.slice(0, at).join("/") + "/" : "./", here);
    home = new URL(folder + "/", root);
    slot = "learnpath:" + folder;
    if (form) lockPage();
    else unlockedPage();
  }

  const stored = () => sessionStorage.getItem(slot) || localStorage.getItem(slot);
  const forget = () => {
    sessionStorage.removeItem(slot);
    localStorage.removeItem(slot);
  };
  const fromB64 = (text) =>
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const toB64 = (bytes) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function lockPage() {
    const words = pickWords();
    const able = "serviceWorker" in navigator && window.isSecureContext && crypto.subtle;
    if (!able) return say(words.unsupported);
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      withPassphrase(form.elements.passphrase.value, words);
    });
    const show = document.getElementById("lp-show");
    show.addEventListener("click", () => {
      const shown = show.getAttribute("aria-pressed") !== "true";
      show.setAttribute("aria-pressed", String(shown));
      form.elements.passphrase.type = shown ? "text" : "password";
    });
    // A corrected link pasted into this tab changes only the fragment: no new page loads.
    window.addEventListener("hashchange", () => {
      fragment = takeFragment();
      if (fragment) withLink(fragment, words);
    });
    if (fragment) withLink(fragment, words);
    else if (stored()) withStored(words);
  }

  async function withLink(text, words) {
    const outcome = KEY.test(text) ? await open(fromB64(text), words) : WRONG;
    if (outcome === WRONG) say(words.bad_link);
    else if (outcome === DAMAGED) say(words.damaged);
  }

  async function withStored(words) {
    const outcome = await open(fromB64(stored()), words);
    if (outcome === WRONG) forget(); // proven wrong (the site was given new keys): ask again
    else if (outcome === DAMAGED) say(words.damaged); // kept: it will work again
  }

  async function withPassphrase(text, words) {
    const typed = learnpathNormalise(text);
    if (!typed) return say(words.wrong);
    say(words.opening, true);
    let record, raw;
    try {
      const response = await fetch(new URL("key", home), { cache: "no-cache" });
      if (!response.ok) return say(words.damaged);
      record = await response.json();
    } catch (error) {
      return say(words.damaged); // offline, or the key file is not a key file
    }
    try {
      const material = await crypto.subtle.importKey(
        "raw", new TextEncoder().encode(typed), "PBKDF2", false, ["deriveKey"]);
      const wrapping = await crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: fromB64(record.salt), iterations: record.iterations },
        material, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      raw = await decrypt(wrapping, "key", fromB64(record.wrapped));
    } catch (error) {
      // As many words as a passphrase has, that do not open the class index: most likely a
      // family's passphrase.
      const family = form.dataset.folder && typed.split(" ").length === Number(form.dataset.words);
      return say(family ? words.family_passphrase : words.wrong);
    }
    // The passphrase unwrapped this site's own key: if the manifest refuses it, the
    // manifest is what is wrong.
    if ((await open(new Uint8Array(raw), words)) !== OPENED) say(words.damaged);
  }

  // Check the key, keep it, hand it to the worker and reload. WRONG only when decryption
  // proves the key is not this site's; DAMAGED when the manifest cannot be fetched.
  async function open(raw, words) {
    const sealed = await manifest();
    if (!sealed) return DAMAGED;
    if (!(await opens(raw, sealed))) return WRONG;
    say(words.opening, true);
    const text = toB64(raw);
    sessionStorage.setItem(slot, text);
    if (form.elements.remember.checked) localStorage.setItem(slot, text);
    await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
    const worker = (await navigator.serviceWorker.ready).active;
    await post(worker, { type: "key", folder, key: raw.buffer });
    window.location.replace(nextPage());
    return OPENED;
  }

  // The folder's sealed manifest, or undefined when it cannot be fetched (offline, an HTTP
  // error during an outage or an update) or is too short to be one.
  async function manifest() {
    try {
      const response = await fetch(new URL("manifest", home), { cache: "no-cache" });
      const bytes = response.ok ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array();
      return bytes.length > 28 ? bytes : undefined; // a nonce (12) and a tag (16) at least
    } catch (error) {
      return undefined;
    }
  }

  async function opens(raw, sealed) {
    try {
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
      await decrypt(key, "manifest", sealed);
      return true;
    } catch (error) {
      return false;
    }
  }

  // Where to go once unlocked: the page the family asked for (?next=), only if it resolves,
  // once every layer of %-encoding is undone, to a path inside this folder. Compared as
  // resolved URLs: "..", "%2e%2e", "%252e", "\", "//host" and "/other/" all land outside.
  function nextPage() {
    const next = here.searchParams.get("next") || "";
    let target;
    try {
      target = new URL(next, home);
    } catch (error) {
      return home.href;
    }
    let path = target.pathname;
    for (let i = 0; i < 5 && /%/.test(path); i++) {
      try {
        path = decodeURIComponent(path);
      } catch (error) {
        return home.href;
      }
    }
    const inside =
      target.origin === home.origin &&
      target.pathname.startsWith(home.pathname) &&
      path.startsWith(home.pathname) &&
      !/%/.test(path) &&
      !/[\\?#]/.test(path) &&
      !path.slice(home.pathname.length).split("/").some((s) => s === ".." || s === ".");
    return inside ? target.origin + target.pathname : home.href;
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

  // The words of the language showing (language.js picks it, from the family's choice or the
  // browser's languages), kept current in place when the family switches: lock_wrong -> wrong.
  function pickWords() {
    const all = JSON.parse(document.getElementById("lp-words").textContent);
    const words = {};
    const fill = () => {
      const lang = document.documentElement.lang;
      const code = Object.prototype.hasOwnProperty.call(all, lang) ? lang : "en";
      for (const [name, text] of Object.entries(all[code])) words[name.slice(5)] = text;
    };
    fill();
    document.addEventListener("learnpath:language", fill);
    return words;
  }

  function unlockedPage() {
    if (!("serviceWorker" in navigator)) return;
    // The letter's link opened again (a second tab, the same site already unlocked): the
    // key left the address bar above; keep it for this tab if it is this site's.
    adopt(fragment);
    window.addEventListener("hashchange", () => adopt(takeFragment()));
    navigator.serviceWorker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "need-key" && data.folder === folder && event.ports[0]) {
        const text = stored();
        event.ports[0].postMessage({ key: text ? fromB64(text).buffer : undefined });
      }
    };
    const label = script && script.dataset.forget;
    const footer = document.querySelector(".md-footer-meta__inner") || document.body;
    if (!label) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button lp-forget";
    button.textContent = label;
    button.addEventListener("click", async () => {
      forget();
      const worker = navigator.serviceWorker.controller;
      if (worker) await post(worker, { type: "forget", folder });
      window.location.replace(home.href);
    });
    footer.appendChild(button);
  }

  async function adopt(text) {
    if (!KEY.test(text) || sessionStorage.getItem(slot) === text) return;
    const sealed = await manifest();
    if (sealed && (await opens(fromB64(text), sealed))) sessionStorage.setItem(slot, text);
  }
})();
