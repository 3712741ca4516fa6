/* learnpath contributions: seal what a family, a student or the teacher writes on the
 * "Add to the plan" page, for the teacher's `learnpath inbox`.
 *
 * The key: HKDF-SHA256 (no salt, info "learnpath/v1/contribution") of the site's content key,
 * the one lock.js keeps for this folder in sessionStorage or localStorage. The format:
 * generator/contributions/envelope.py (armoured text) and document.py (the JSON inside).
 * Only WebCrypto; nothing leaves the device unless the person sends it.
 */
"use strict";

const LearnpathContribution = (function () {
  const LABEL = "learnpath/v1/contribution";
  const BEGIN = "-----BEGIN LEARNPATH CONTRIBUTION-----";
  const END = "-----END LEARNPATH CONTRIBUTION-----";
  const encode = (text) => new TextEncoder().encode(text);

  function base64(bytes) {
    let binary = "";
    for (let at = 0; at < bytes.length; at += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
    }
    return btoa(binary);
  }

  function fromBase64url(text) {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  }

  // 128 random bits as 22 base64url characters: the contribution's id.
  function newId() {
    return base64(crypto.getRandomValues(new Uint8Array(16)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The armoured, sealed text of `documentObject`, under the site key `raw` (32 bytes).
  async function seal(raw, folder, epoch, documentObject) {
    const material = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encode(LABEL) },
      material, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const aad = encode("learnpath contribution v1 folder=" + folder + " epoch=" + epoch);
    const sealed = new Uint8Array(await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: aad }, key, encode(JSON.stringify(documentObject))));
    const all = new Uint8Array(12 + sealed.length);
    all.set(nonce);
    all.set(sealed, 12);
    const body = base64(all).match(/.{1,76}/g);
    return [BEGIN, "Version: 1", "Folder: " + folder, "Epoch: " + epoch, "", ...body, END].join("\n") + "\n";
  }

  return { seal, newId, base64, fromBase64url };
})();
