/* learnpath language: the lock page and the 404 page in the family's language.
 *
 * The page carries the words of every language we have a catalogue for (#lp-words, only the
 * labels the page shows) and the list of those written right to left (#lp-rtl); it is
 * rendered in the school's language. Which language shows, first that applies:
 *   1. the one the family chose with the switch on this device (localStorage);
 *   2. the first of the browser's languages (navigator.languages) we have, by its full tag
 *      ("pt-BR") and then by its language alone ("pt"); Filipino ("fil") is our Tagalog;
 *   3. the language the page came in: the school's.
 * The switch (#lp-language, hidden until this runs) changes the words, <html lang> and dir
 * in place, without a reload, so what was typed stays typed; a status message already
 * showing is said again in the new language. The page's own script (lock.js) hears of each
 * change from the "learnpath:language" event on the document.
 *
 * Runs at the end of <body>, before the page is first shown: no flash of another language.
 * The 404 page has it inline (GitHub Pages serves that page at any depth, where no relative
 * address of a script file works), allowed by its hash in that page's policy.
 */
"use strict";

(function () {
  const CHOSEN = "learnpath:language"; // also the event's name
  const ALIASES = { fil: "tl" }; // browsers say Filipino; the catalogue says Tagalog
  const all = JSON.parse(document.getElementById("lp-words").textContent);
  const rtl = JSON.parse(document.getElementById("lp-rtl").textContent);
  // Only a catalogue's own codes count: "__proto__" or "constructor" (which another page
  // of the origin can write as the choice) are in every object's prototype, not languages.
  const known = (code) => Object.prototype.hasOwnProperty.call(all, code);
  const codes = new Map(); // lower case -> the catalogue's code
  for (const code of Object.keys(all)) codes.set(code.toLowerCase(), code);
  const switcher = document.getElementById("lp-language");
  let current = document.documentElement.lang;

  // The catalogue for one browser language ("pt-BR", "ar", "zh-Hans-CN"), or undefined.
  function match(tag) {
    const full = String(tag).toLowerCase();
    const base = full.split("-")[0];
    const tried = [full, ALIASES[full], base, ALIASES[base]];
    return tried.map((code) => codes.get(code)).find(Boolean);
  }

  function chosen() {
    try {
      return localStorage.getItem(CHOSEN) || "";
    } catch (error) {
      return ""; // storage turned off: the browser's languages decide
    }
  }

  function keep(code) {
    try {
      localStorage.setItem(CHOSEN, code);
    } catch (error) {
      // storage turned off: the choice lasts as long as the page
    }
  }

  function pick() {
    const kept = chosen();
    if (known(kept)) return kept;
    const wanted = navigator.languages || [navigator.language || ""];
    return wanted.map(match).find(Boolean) || current;
  }

  function show(code) {
    const before = all[current] || {};
    const status = document.getElementById("lp-status");
    const said = status && Object.keys(before).find((n) => before[n] === status.textContent);
    current = code;
    document.documentElement.lang = code;
    document.documentElement.dir = rtl.includes(code) ? "rtl" : "ltr";
    for (const element of document.querySelectorAll("[data-word]")) {
      const text = all[code][element.dataset.word];
      if (text !== undefined) element.textContent = text;
    }
    if (said && status.textContent) status.textContent = all[code][said];
    if (switcher) switcher.value = code;
    document.dispatchEvent(new CustomEvent(CHOSEN, { detail: code }));
  }

  if (!known(current)) current = Object.keys(all)[0];
  show(pick());
  if (switcher) {
    switcher.addEventListener("change", () => {
      keep(switcher.value);
      show(switcher.value);
    });
    switcher.closest("[hidden]")?.removeAttribute("hidden");
  }
})();
