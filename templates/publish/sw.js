/* learnpath service worker: decrypts a sealed student site inside the browser.
 *
 * Published at the site root, so its scope covers every student folder. A folder is 32 hex
 * digits; for a request inside it, the worker looks the path up in the folder's sealed
 * manifest, fetches the sealed file and returns it decrypted, so pages, assets, links and
 * Material's search work as on a plain site; text files come compressed and are inflated
 * here. Format: generator/publish/seal.py.
 *
 * Keys live in this worker's memory only. The browser may stop an idle worker; the next
 * request then asks the open pages of that folder for the key (they keep it in
 * sessionStorage, or localStorage when the family chose to be remembered), and a page
 * opened with no key anywhere gets the lock page instead.
 *
 * An address that is no page of the site, or a page whose sealed file fails to open (changed
 * or damaged after the build), gets a short page in the site's own language and direction,
 * from the site's sealed learnpath-pages.json (generator/publish/site.py, `page_words`).
 */
"use strict";

// Safari before 16.4 (iPhones on iOS 15, or 16.0 to 16.3) has no DecompressionStream: there,
// pages are inflated with pako (templates/publish/vendor/), which a worker may only import
// as it starts.
const NATIVE_INFLATE = typeof DecompressionStream !== "undefined";
if (!NATIVE_INFLATE) importScripts("assets/learnpath/pako_inflate.min.js");

const FOLDER = /^[0-9a-f]{32}$/;
const RESERVED = /^(key|manifest|[0-9a-f]{32})$/; // sealed files: fetched as they are
const sites = new Map(); // folder -> {key: CryptoKey, manifest: Promise<object>}
const PAGE_WORDS = "learnpath-pages.json";
// For a site sealed before it had its own words, or whose words cannot be read either.
const ENGLISH = {
  lang: "en",
  dir: "ltr",
  missing_title: "Page not found",
  missing: "This page is not part of this learning path: it may have moved when the plan was updated.",
  damaged_title: "This page cannot be opened",
  damaged:
    "Its published copy was changed or damaged after it was built. Try again in a few minutes; if it keeps happening, tell the teacher.",
  back_home: "Back to the home page",
};

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = event.ports && event.ports[0];
  if (data.type === "key" && FOLDER.test(data.folder)) {
    event.waitUntil(
      remember(data.folder, data.key).then(
        () => reply && reply.postMessage({ ok: true }),
        () => reply && reply.postMessage({ ok: false }),
      ),
    );
  } else if (data.type === "forget") {
    sites.delete(data.folder);
    if (reply) reply.postMessage({ ok: true });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const parts = url.pathname.slice(scope.pathname.length).split("/");
  const folder = parts.shift();
  if (!FOLDER.test(folder)) return;
  if (parts.length === 0) {
    // ".../<folder>" without its slash: relative links need the folder's own URL.
    event.respondWith(Response.redirect(new URL(folder + "/", scope).href + url.search, 301));
    return;
  }
  let path = parts.map(decodeURIComponent).join("/");
  if (RESERVED.test(path)) return;
  if (path === "" || path.endsWith("/")) path += "index.html";
  event.respondWith(answer(request, scope, folder, path, event.clientId));
});

async function answer(request, scope, folder, path, clientId) {
  const base = new URL(folder + "/", scope);
  let site = sites.get(folder);
  if (!site) {
    const key = await askPages(folder, clientId);
    if (key) site = await remember(folder, key).catch(() => undefined);
  }
  if (!site) {
    if (request.mode !== "navigate") return new Response("locked", { status: 401 });
    if (path === "index.html") return fetch(new URL("index.html", base), { cache: "no-cache" });
    // The lock page lives at the folder's root; it comes back here once unlocked.
    return Response.redirect(new URL("index.html?next=" + encodeURIComponent(path), base).href, 302);
  }
  let manifest;
  try {
    manifest = await site.manifest;
  } catch (error) {
    sites.delete(folder); // stale key (the site was re-keyed): ask again next time
    return fetch(new URL("index.html", base), { cache: "no-cache" });
  }
  // Only the manifest's own entries: "__proto__" or "constructor" name every object's
  // prototype, not a file, and are missing rather than damaged.
  const listed = Object.prototype.hasOwnProperty.call(manifest.files, path);
  const entry = listed ? manifest.files[path] : undefined;
  if (!entry) return problem(request, site, manifest, base, 404, "missing");
  try {
    const body = await openFile(site, base, path, entry);
    return new Response(body, { headers: { "Content-Type": entry[1] } });
  } catch (error) {
    // A listed file that is gone, changed or cut short: the site is damaged or half-published.
    return problem(request, site, manifest, base, 500, "damaged");
  }
}

// One sealed file of the site, decrypted (and inflated); throws when it cannot be.
async function openFile(site, base, path, entry) {
  const deflated = entry[2] === "deflate";
  if (entry.length > 2 && !deflated) throw new Error("unknown encoding");
  const response = await fetch(new URL(entry[0], base), { cache: "no-cache" });
  if (!response.ok) throw new Error("HTTP " + response.status);
  let body = await open(site.key, (deflated ? "deflate:" : "file:") + path, await response.arrayBuffer());
  if (deflated) body = await inflate(body);
  return body;
}

// What a family sees instead of a page: for a navigation, a short page in the site's language
// ("missing" or "damaged"), with the way back home and the lock page's stylesheet; for
// anything else (an image, a script), the bare status.
async function problem(request, site, manifest, base, status, what) {
  if (request.mode !== "navigate") return new Response(null, { status });
  let words = ENGLISH;
  try {
    const entry = manifest.files[PAGE_WORDS];
    if (entry) words = { ...ENGLISH, ...JSON.parse(new TextDecoder().decode(await openFile(site, base, PAGE_WORDS, entry))) };
  } catch (error) {
    words = ENGLISH; // damaged too: English rather than nothing
  }
  const title = words[what + "_title"];
  const styles = new URL("assets/learnpath/learnpath.css", self.registration.scope).href;
  const html = `<!doctype html>
<html lang="${escape(words.lang)}" dir="${escape(words.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
<link rel="stylesheet" href="${escape(styles)}">
</head>
<body class="lp-landing">
<main>
<h1>${escape(title)}</h1>
<p>${escape(words[what])}</p>
<p><a href="${escape(base.href)}">${escape(words.back_home)}</a></p>
</main>
</body>
</html>
`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function escape(text) {
  const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  return String(text).replace(/[&<>"']/g, (c) => entities[c]);
}

async function remember(folder, raw) {
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  const manifest = (async () => {
    const response = await fetch(new URL(folder + "/manifest", self.registration.scope), {
      cache: "no-cache",
    });
    const plain = await open(key, "manifest", await response.arrayBuffer());
    return JSON.parse(new TextDecoder().decode(plain));
  })();
  await manifest; // a wrong key is refused here, before it is kept
  const site = { key, manifest };
  sites.set(folder, site);
  return site;
}

function open(key, aad, blob) {
  const bytes = new Uint8Array(blob);
  return crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(aad) },
    key,
    bytes.slice(12),
  );
}

// Text files are compressed before they are sealed (seal.py): zlib's format, checked by
// AES-GCM before a byte of it reaches the decompressor.
function inflate(bytes) {
  if (!NATIVE_INFLATE) {
    const plain = self.pako.inflate(new Uint8Array(bytes)); // undefined when cut short
    if (!plain) throw new Error("incomplete compressed data");
    return plain;
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Response(stream).arrayBuffer();
}

// Ask the open pages of this folder for its key (after the browser stopped this worker).
async function askPages(folder, clientId) {
  const all = await self.clients.matchAll({ type: "window" });
  const pages = all.filter((c) => c.id === clientId || new URL(c.url).pathname.includes("/" + folder + "/"));
  for (const page of pages) {
    const key = await new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve(undefined), 1000);
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        resolve(event.data && event.data.key);
      };
      page.postMessage({ type: "need-key", folder }, [channel.port2]);
    });
    if (key) return key;
  }
  return undefined;
}
