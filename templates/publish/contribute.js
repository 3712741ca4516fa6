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

/* The page to add to the plan (templates/pages/contribute.html.j2): one step at a time; the
 * draft (what was typed, the photos made small) stays in this device's localStorage until it
 * is sent or discarded; the site key never leaves sessionStorage/localStorage where lock.js
 * keeps it. */
(function () {
  const root = document.getElementById("lp-contribute");
  if (!root) return;
  const C = LearnpathContribution;
  const model = JSON.parse(root.dataset.model);
  const words = model.words;
  const status = document.getElementById("lp-add-status");
  const FOLDER = /^[0-9a-f]{32}$/;
  const segments = window.location.pathname.split("/");
  const folder = segments.find((s) => FOLDER.test(s)) || "";
  const stored = folder && (sessionStorage.getItem("learnpath:" + folder) || localStorage.getItem("learnpath:" + folder));
  if (!stored) return; // the page says to open it from the letter's link
  const siteKey = C.fromBase64url(stored);
  const MAX_PHOTOS = 3;
  const MAX_PHOTO = 2 * 1024 * 1024;
  let slot = "learnpath-draft:" + folder;
  let draft;
  let sealed = null; // {changes, text, file} of the draft as last sealed

  start();

  async function start() {
    if (model.teacher && !(await forStudent())) return;
    draft = load();
    status.textContent = "";
    restoreFields();
    wire();
    show(draft.step || "writer", false);
  }

  // The teacher's index has one page for every student (add.html?s=<folder>): fill in that
  // student's objectives, goals, writers and interests from add/<folder>.json.
  async function forStudent() {
    const student = new URLSearchParams(window.location.search).get("s") || "";
    if (!FOLDER.test(student)) return false;
    const response = await fetch("add/" + student + ".json");
    if (!response.ok) return false;
    const data = await response.json();
    model.student = student;
    model.name = data.name;
    slot += ":" + student; // one draft per student
    document.getElementById("lp-add-intro").textContent = words.add_teacher_intro.replace("{name}", data.name);
    for (const select of root.querySelectorAll('[data-field="objective"]')) options(select, data.objectives);
    options(root.querySelector('[data-field="goal"]'), data.goals);
    const writers = root.querySelector(".lp-add-writers");
    data.writers.forEach(([name, role, roleWord], index) => {
      const label = document.createElement("label");
      label.className = "lp-add-choice";
      const input = document.createElement("input");
      Object.assign(input, { type: "radio", name: "lp-writer", value: String(index) });
      Object.assign(input.dataset, { name, role });
      label.append(input, " ", isolated(name), " (" + roleWord + ")");
      writers.append(label);
    });
    const interests = root.querySelector(".lp-add-interests");
    interests.querySelector("p").hidden = !data.interests.length;
    for (const interest of data.interests) {
      const label = document.createElement("label");
      label.className = "lp-add-choice";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.dataset.removeInterest = interest;
      label.append(box, " ", isolated(interest));
      interests.append(label);
    }
    return true;
  }

  // A name or an interest from a plan, kept whole inside a sentence of either direction.
  function isolated(text) {
    const bdi = document.createElement("bdi");
    bdi.textContent = text;
    return bdi;
  }

  function options(select, pairs) {
    for (const [value, text] of pairs) select.append(new Option(text, value));
  }

  function fresh() {
    return { id: C.newId(), writer: null, items: [], photos: [], pending: [], fields: {}, step: "writer", changes: 0 };
  }

  function load() {
    try {
      const found = JSON.parse(localStorage.getItem(slot) || "null");
      if (found && Array.isArray(found.items)) return found;
    } catch (error) {
      /* a damaged draft is started again */
    }
    return fresh();
  }

  function save() {
    try {
      localStorage.setItem(slot, JSON.stringify(draft));
    } catch (error) {
      // Over the device's quota (photos are large): keep at least every word typed; the
      // photos live on in this page until it is closed.
      const items = draft.items.map(({ photos, ...rest }) => rest);
      try {
        localStorage.setItem(slot, JSON.stringify({ ...draft, items, photos: [], pending: [] }));
      } catch (again) {
        /* nothing more can be kept on this device */
      }
    }
  }

  function say(text) {
    status.textContent = text || "";
  }

  function step(name) {
    return root.querySelector('[data-step="' + name + '"]');
  }

  function show(name, focus = true) {
    for (const fieldset of root.querySelectorAll("[data-step]")) fieldset.hidden = fieldset.dataset.step !== name;
    draft.step = name;
    save();
    if (name === "what") updateWhat();
    if (name === "review") review();
    if (focus) {
      const first = step(name).querySelector("input, select, textarea, button:not([hidden])");
      if (first) first.focus();
    }
  }

  function wire() {
    root.addEventListener("click", (event) => {
      const target = event.target.closest("button, a");
      if (!target || !root.contains(target)) return;
      if (target.dataset.go) go(target.dataset.go);
      else if (target.dataset.add) add(target.dataset.add);
      else if (target.dataset.starter) starter(target.dataset.starter);
      else if (target.dataset.removePhoto) removePhoto(Number(target.dataset.removePhoto));
      else if (target.dataset.send) send(target.dataset.send, event);
      else if ("clear" in target.dataset) finish(words.add_sent);
      else if ("discard" in target.dataset) finish(words.add_discarded);
    });
    root.addEventListener("input", (event) => {
      if (event.target.id && event.target.type !== "file") {
        draft.fields[event.target.id] = event.target.type === "checkbox" || event.target.type === "radio"
          ? event.target.checked : event.target.value;
        save();
      }
      if (event.target.name === "lp-writer") otherWriter();
    });
    root.addEventListener("change", (event) => {
      if (event.target.name === "lp-writer") {
        draft.fields["writer"] = event.target.value;
        save();
        otherWriter();
      }
      if (event.target.id === "lp-photos") addPhotos(event.target);
    });
  }

  function restoreFields() {
    for (const [id, value] of Object.entries(draft.fields)) {
      const element = document.getElementById(id);
      if (!element) continue;
      if (typeof value === "boolean") element.checked = value;
      else element.value = value;
    }
    const writer = root.querySelector('input[name="lp-writer"][value="' + CSS.escape(String(draft.fields.writer || "")) + '"]');
    if (writer) writer.checked = true;
    otherWriter();
    photoList();
  }

  function otherWriter() {
    const chosen = root.querySelector('input[name="lp-writer"]:checked');
    root.querySelector(".lp-add-other").hidden = !chosen || chosen.value !== "other";
  }

  function go(name) {
    say("");
    if (name === "what" && draft.step === "writer" && !chooseWriter()) return;
    if (name === "review" && !draft.items.length) return;
    show(name);
  }

  function chooseWriter() {
    const chosen = root.querySelector('input[name="lp-writer"]:checked');
    if (!chosen) return missing([step("writer").querySelector("legend")]);
    if (chosen.value === "other") {
      const name = document.getElementById("lp-writer-name");
      if (!name.value.trim()) return missing([name]);
      draft.writer = { name: name.value.trim(), role: document.getElementById("lp-writer-role").value };
    } else {
      draft.writer = { name: chosen.dataset.name, role: chosen.dataset.role };
    }
    return true;
  }

  function missing(elements) {
    const names = elements.map((e) => (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent).trim());
    say(words.add_missing.replace("{what}", names.join(", ")));
    if (elements[0].focus) elements[0].focus();
    return false;
  }

  function updateWhat() {
    const student = draft.writer && draft.writer.role === "student";
    for (const button of step("what").querySelectorAll("[data-student]")) button.hidden = !student;
    const box = step("what").querySelector(".lp-add-draft");
    box.hidden = !draft.items.length;
    box.querySelector(".lp-add-draft-summary").textContent = summary();
  }

  function optional(kind, name) {
    return kind === "interest" || name === "note" || (kind === "observation" && name === "level");
  }

  function add(kind) {
    const fieldset = step(kind);
    const item = { type: kind };
    const empty = [];
    for (const field of fieldset.querySelectorAll("[data-field]")) {
      const value = field.value.trim();
      if (value) item[field.dataset.field] = value;
      // A note is optional; so is an observation's level (the family may not know the
      // scale's words: the teacher decides, and an entry with none never counts).
      else if (!optional(kind, field.dataset.field)) empty.push(field);
    }
    if (empty.length) return missing(empty);
    const items = [];
    if (kind === "interest") {
      if (item.add) items.push({ type: "interest", add: item.add });
      for (const box of fieldset.querySelectorAll("[data-remove-interest]:checked")) {
        items.push({ type: "interest", remove: box.dataset.removeInterest });
      }
      if (!items.length) return missing([fieldset.querySelector("[data-field]")]);
    } else {
      if (kind === "observation" && draft.pending.length) {
        item.photos = draft.pending.map((photo) => draft.photos.push(photo) - 1);
        draft.pending = [];
        photoList();
      }
      items.push(item);
    }
    draft.items.push(...items);
    draft.changes += 1;
    for (const field of fieldset.querySelectorAll("input, select, textarea")) {
      if (field.type === "checkbox") field.checked = false;
      else if (field.type !== "file") field.value = "";
      else field.value = "";
      delete draft.fields[field.id];
    }
    show("what");
  }

  function starter(text) {
    const area = document.getElementById("lp-reflection-text");
    area.value = (area.value.trim() ? area.value.replace(/\s*$/, "\n") : "") + text;
    draft.fields[area.id] = area.value;
    save();
    area.focus();
  }

  async function addPhotos(input) {
    for (const file of Array.from(input.files || [])) {
      if (draft.pending.length + photoCount() >= MAX_PHOTOS) break;
      const jpeg = await shrink(file).catch(() => null);
      if (!jpeg) {
        say(words.add_photo_too_big);
        continue;
      }
      draft.pending.push(C.base64(jpeg));
    }
    input.value = "";
    save();
    photoList();
  }

  function photoCount() {
    return draft.items.filter((i) => i.type === "observation").reduce((n, i) => n + (i.photos || []).length, 0);
  }

  // A photo made safe: drawn on a canvas (which keeps no EXIF or GPS), long side at most
  // 1600 px, JPEG; a lower quality until it is at most 2 MB.
  async function shrink(file) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.85, 0.7, 0.5, 0.3]) {
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
      if (blob && blob.size <= MAX_PHOTO) return new Uint8Array(await blob.arrayBuffer());
    }
    return null;
  }

  function photoList() {
    const list = root.querySelector(".lp-add-photos");
    if (!list) return;
    list.replaceChildren();
    // The count beside the picker, in the site's words (the hidden input would say it in the
    // browser's language); the input itself is emptied after every choice.
    const count = document.getElementById("lp-photos-count");
    if (count) count.textContent = draft.pending.length ? plural(words.add_n_photos, draft.pending.length) : words.add_photos_none;
    draft.pending.forEach((photo, index) => {
      const item = document.createElement("li");
      const image = document.createElement("img");
      image.src = "data:image/jpeg;base64," + photo; // the bytes that will be sent
      image.alt = ""; // the button beside it names it
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "md-button";
      remove.dataset.removePhoto = String(index);
      remove.textContent = list.dataset.remove + " (" + (index + 1) + ")";
      item.append(image, remove);
      list.append(item);
    });
  }

  function removePhoto(index) {
    draft.pending.splice(index, 1);
    save();
    photoList();
  }

  function plural(form, n) {
    const text = typeof form === "string" ? form : form[new Intl.PluralRules(model.language).select(n)] || form.other;
    return text.replace("{n}", String(n));
  }

  // "1 observation, 1 photo, for Ava's plan.": what is being sent, in plain words.
  function summary() {
    const count = (type) => draft.items.filter((i) => i.type === type).length;
    const parts = [
      ["add_n_observations", count("observation")],
      ["add_n_photos", draft.items.reduce((n, i) => n + (i.photos || []).length, 0)],
      ["add_n_self", count("self-assessment")],
      ["add_n_reflections", count("reflection")],
      ["add_n_whys", count("why")],
      ["add_n_interests", count("interest")],
    ].filter(([, n]) => n > 0).map(([key, n]) => plural(words[key], n));
    return words.add_summary.replace("{items}", parts.join(", ")).replace("{name}", model.name);
  }

  function today() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  async function review() {
    const fieldset = step("review");
    fieldset.querySelector(".lp-add-summary").textContent = summary();
    if (!sealed || sealed.changes !== draft.changes) {
      const used = [];
      const items = draft.items.map((item) => {
        if (!item.photos) return item;
        return { ...item, photos: item.photos.map((index) => used.push(draft.photos[index]) - 1) };
      });
      const documentObject = { v: 1, id: draft.id, date: today(), writer: draft.writer, items, photos: used };
      if (model.student) documentObject.student = model.student;
      const text = await C.seal(siteKey, model.folder || folder, model.epoch, documentObject);
      const tag = C.newId().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, "0");
      const file = new File([text], "learnpath-" + tag + ".txt", { type: "text/plain" });
      sealed = { changes: draft.changes, text, file };
    }
    const share = fieldset.querySelector('[data-send="share"]');
    share.hidden = !(navigator.canShare && navigator.canShare({ files: [sealed.file] }));
    const email = fieldset.querySelector('[data-send="email"]');
    const href = model.contact
      ? "mailto:" + model.contact + "?subject=" + encodeURIComponent("learnpath") + "&body=" + encodeURIComponent(sealed.text)
      : "";
    email.hidden = !href || href.length > 1900; // what mail apps reliably take in a link
    if (!email.hidden) email.href = href;
  }

  async function send(how, event) {
    if (!sealed) return;
    if (how === "share") {
      try {
        await navigator.share({ files: [sealed.file] });
        finish(words.add_sent);
      } catch (error) {
        /* the person closed the share sheet: nothing was sent, the draft stays */
      }
    } else if (how === "download") {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(sealed.file);
      link.download = sealed.file.name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    } else if (how === "copy") {
      try {
        await navigator.clipboard.writeText(sealed.text);
      } catch (error) {
        const area = document.createElement("textarea");
        area.value = sealed.text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      say(words.add_copied);
    } else if (how === "email" && event.target.hidden) {
      event.preventDefault();
    }
  }

  function finish(message) {
    localStorage.removeItem(slot);
    draft = fresh();
    sealed = null;
    for (const field of root.querySelectorAll("input, select, textarea")) {
      if (field.type === "checkbox" || field.type === "radio") field.checked = false;
      else field.value = "";
    }
    otherWriter();
    photoList();
    show("writer");
    say(message);
  }
})();
