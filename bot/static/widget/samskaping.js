/*! Samskapingsrådgiveren chat widget.
 * Embed: <script src="https://GATEWAY/widget/samskaping.js" defer></script>
 * Optional, before it: <script>window.samskapingWidget = {gatewayUrl: "https://GATEWAY",
 *   lang: "nb" | "en", title: "…", colors: {accent: "#1f4e8c", accentText: "#fff"}, joinCode: "K7M2QX"};</script>
 * A course join code can also come from the page's ?kurs=CODE or the script tag's data-join-code
 * (the gateway's /kurs/CODE page, whose CSP allows no inline config); the user is always asked first.
 * No framework. Everything from the user or the bot is inserted as text nodes, never as HTML. */
(function () {
  "use strict";
  if (window.samskapingWidgetLoaded) return;
  window.samskapingWidgetLoaded = true;

  var VERSION = "__SAMSKAPING_VERSION__";
  var TEXTS = {
    nb: {
      title: "Samskapingsrådgiveren", open: "Spør Samskapingsrådgiveren",
      close: "Lukk samtalen", restart: "Ny samtale", conversation: "Samtale", inputLabel: "Skriv spørsmålet ditt",
      placeholder: "For eksempel: Hva betyr samskaping?", send: "Send", typing: "Rådgiveren skriver …",
      you: "Du", bot: "Rådgiveren", source: "Kilde", quoted: "Sitert", choices: "Svaralternativer",
      chartAlt: "Diagram over resultatet per område i klarsjekken", chartOpen: "Åpne diagrammet i full størrelse",
      download: "Last ned planen", failed: "Fikk ikke kontakt med rådgiveren. Prøv igjen.",
      course: "Kurs", code: "Kurskode", join: "Bli med", no: "Nei takk", leave: "Forlat kurset",
      ask: "Vil du bli med i kurset {}?", empty: "Skriv koden du fikk av kursholderen.",
      slow: "For mange forsøk på kort tid. Vent litt og prøv igjen.",
      scope: "Kurset gjelder denne samtalen; «Ny samtale» er utenfor kurset.",
      greeting: "Hei! Jeg svarer på spørsmål om å lede samskaping, med sitater fra to masteroppgaver. " +
        "Skriv «Er vi klare for samskaping?» for en sjekk, eller «hjelp» for å se hva jeg kan."
    },
    en: {
      title: "Co-creation advisor", open: "Ask the co-creation advisor",
      close: "Close the conversation", restart: "New conversation", conversation: "Conversation",
      inputLabel: "Type your question", placeholder: "For example: What is co-creation?", send: "Send",
      typing: "The advisor is typing …", you: "You", bot: "Advisor", source: "Source", quoted: "Quoted",
      choices: "Choices", chartAlt: "Chart of the readiness result per area", chartOpen: "Open the chart full size",
      download: "Download the plan", failed: "Could not reach the advisor. Please try again.",
      course: "Course", code: "Course code", join: "Join", no: "No thanks", leave: "Leave the course",
      ask: "Do you want to join the course {}?", empty: "Type the code you got from the trainer.",
      slow: "Too many attempts in a short time. Wait a little and try again.",
      scope: "The course applies to this conversation; «New conversation» is outside it.",
      greeting: "Hi! I answer questions about leading co-creation, quoting two master's theses. " +
        "Type «Are we ready for co-creation?» for a check, or «help» to see what I can do."
    }
  };
  var SENDER_KEY = "samskaping.sender";
  var OPEN_KEY = "samskaping.open";
  var ASKED_KEY = "samskaping.asked";

  var config = window.samskapingWidget || {};
  var script = document.currentScript;
  var gateway = (config.gatewayUrl || (script ? new URL(script.src, location.href).origin : location.origin))
    .replace(/\/+$/, "");
  var lang = config.lang === "en" ? "en" : "nb";
  var t = TEXTS[lang];
  var title = config.title || t.title;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function storage(kind) {
    // Storage can be switched off (privacy settings); the widget then still works for one page.
    try { var s = window[kind]; s.setItem("samskaping.probe", "1"); s.removeItem("samskaping.probe"); return s; }
    catch (e) { var mem = {}; return { getItem: function (k) { return mem[k] || null; },
      setItem: function (k, v) { mem[k] = String(v); }, removeItem: function (k) { delete mem[k]; } }; }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");

  function newSender() {
    // The id is the only key to the conversation: 128 random bits from the browser's CSPRNG.
    // getRandomValues works on plain-HTTP intranet pages too, where randomUUID does not exist.
    var bytes = crypto.getRandomValues(new Uint8Array(16)), id = "";
    for (var i = 0; i < bytes.length; i++) id += (bytes[i] + 256).toString(16).slice(1);
    local.setItem(SENDER_KEY, "web-" + id);
    return local.getItem(SENDER_KEY);
  }
  var sender = local.getItem(SENDER_KEY) || newSender();

  function absolute(url) { return /^https?:\/\//.test(url) ? url : gateway + url; }

  // --- formatting: bullet lists, numbered lists, paragraphs, **bold**; built from text nodes -----
  function inline(parent, text) {
    text.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (/^\*\*[^*]+\*\*$/.test(part)) parent.appendChild(el("strong", { text: part.slice(2, -2) }));
      else if (part) parent.appendChild(document.createTextNode(part));
    });
    return parent;
  }

  function formatted(text) {
    var box = el("div", { className: "smk-text" });
    var list = null, para = null;
    text.split("\n").forEach(function (line) {
      var bullet = /^\s*(?:[•\-*]|\d+[.)])\s+(.*)$/.exec(line);
      if (bullet) {
        var ordered = /^\s*\d/.test(line);
        if (!list || (list.tagName === "OL") !== ordered) { list = box.appendChild(el(ordered ? "ol" : "ul")); }
        list.appendChild(inline(el("li"), bullet[1]));
        para = null;
      } else if (!line.trim()) {
        list = para = null;
      } else {
        list = null;
        if (para) para.appendChild(el("br"));
        else para = box.appendChild(el("p"));
        inline(para, line);
      }
    });
    return box;
  }

  // --- the DOM: a shadow root keeps the intranet's CSS and ours apart -----------------------------
  var host = el("div", { id: "samskaping-widget", "data-version": VERSION });
  var colors = config.colors || {};
  [["accent", "--smk-accent"], ["accentText", "--smk-accent-text"], ["background", "--smk-bg"],
    ["text", "--smk-text"]].forEach(function (pair) {
    if (colors[pair[0]]) host.style.setProperty(pair[1], colors[pair[0]]);
  });
  function chatIcon() {
    // An SVG rather than an emoji: not every intranet PC has a colour emoji font.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var stylesheet = el("link", { rel: "stylesheet", href: gateway + "/widget/" + VERSION + "/samskaping.css" });

  var launcher = el("button", { type: "button", className: "smk-launcher", "aria-expanded": "false",
    "aria-controls": "smk-panel", "aria-label": t.open }, [chatIcon(),
    // Visible text = name (WCAG 2.5.3); aria-label keeps it when narrow screens hide the text.
    el("span", { className: "smk-launcher-text", text: t.open })]);
  var closeButton = el("button", { type: "button", className: "smk-icon", "aria-label": t.close, text: "×" });
  var restartButton = el("button", { type: "button", className: "smk-restart", text: t.restart });
  var courseButton = el("button", { type: "button", className: "smk-restart", "aria-expanded": "false",
    "aria-controls": "smk-course", text: t.course });
  var leaveButton = el("button", { type: "button", className: "smk-pill", text: t.leave });
  var codeInput = el("input", { id: "smk-code", className: "smk-input", type: "text", autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", maxlength: "32" });
  var noButton = el("button", { type: "button", className: "smk-pill", text: t.no });
  var codeForm = el("form", { className: "smk-code" }, [el("label", { "for": "smk-code", text: t.code }), codeInput,
    el("button", { type: "submit", className: "smk-send", text: t.join }), noButton]);
  var courseStatus = el("p", { className: "smk-status", role: "status" });
  // What the trainer can see comes from the gateway (GET /api/cohort), with the group size it enforces.
  var courseAbout = el("p", { className: "smk-about", text: t.scope });
  var courseBox = el("div", { id: "smk-course", className: "smk-course", role: "region", "aria-label": t.course,
    hidden: "" }, [courseStatus, leaveButton, codeForm, courseAbout]);
  var log = el("div", { className: "smk-log", role: "log", "aria-live": "polite", "aria-label": t.conversation,
    tabindex: "0" });
  var typing = el("div", { className: "smk-typing", role: "status" });
  var input = el("input", { id: "smk-input", className: "smk-input", type: "text", autocomplete: "off",
    maxlength: "4000", placeholder: t.placeholder });
  var form = el("form", { className: "smk-form" }, [
    el("label", { "for": "smk-input", className: "smk-vh", text: t.inputLabel }), input,
    el("button", { type: "submit", className: "smk-send", text: t.send })]);
  var panel = el("section", { id: "smk-panel", className: "smk-panel", role: "dialog",
    "aria-labelledby": "smk-title", lang: lang, hidden: "" }, [
    // Not <header>: that would be a second banner landmark on the page.
    el("div", { className: "smk-header" }, [el("h2", { id: "smk-title", text: title }), courseButton,
      restartButton, closeButton]), courseBox, log, typing, form]);
  host.setAttribute("lang", lang);
  root.appendChild(stylesheet);
  root.appendChild(el("div", { className: "smk-root" }, [panel, launcher]));
  // Shown once the stylesheet is in, so the page never flashes an unstyled panel.
  host.style.visibility = "hidden";
  // A hidden element cannot take focus, so focus asked for before then waits for it.
  var shown = false, pendingFocus = null;
  function show() { host.style.visibility = ""; shown = true; if (pendingFocus) pendingFocus.focus(); }
  function focusWhenShown(node) { if (shown) node.focus(); else pendingFocus = node; }
  stylesheet.addEventListener("load", show);
  stylesheet.addEventListener("error", show);

  // --- messages ------------------------------------------------------------------------------------
  function citationCard(c) {
    // The source line comes formatted in the reader's language (citations/formatting.py).
    var summary = t.source + ": " + c.source_line;
    var body = [];
    // The theses are Norwegian, also under an English reply.
    if (c.passage_text) body.push(el("blockquote", { text: c.passage_text, lang: "nb" }));
    return el("details", { className: "smk-cite" }, [el("summary", { text: summary })].concat(body));
  }

  function disableOldChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".smk-choice"), function (b) { b.disabled = true; });
  }

  function render(role, message, isError) {
    var item = el("div", { className: "smk-msg smk-" + role + (isError ? " smk-error" : "") });
    item.appendChild(el("span", { className: "smk-vh", text: (role === "user" ? t.you : t.bot) + ": " }));
    if (message.text) item.appendChild(role === "bot" ? formatted(message.text) : el("p", { text: message.text }));
    if (message.image) {
      var src = absolute(message.image);
      item.appendChild(el("figure", { className: "smk-chart" }, [
        el("img", { src: src, alt: t.chartAlt, loading: "lazy" }),
        el("figcaption", {}, [el("a", { href: src, target: "_blank", rel: "noopener", text: t.chartOpen })])]));
    }
    if (message.document) {
      item.appendChild(el("a", { className: "smk-download", href: absolute(message.document.url),
        download: message.document.filename, text: t.download + " (" + message.document.filename + ")" }));
    }
    (message.citations || []).forEach(function (c) { item.appendChild(citationCard(c)); });
    var buttons = message.buttons || [];
    if (buttons.length) {
      disableOldChoices();
      item.appendChild(el("div", { className: "smk-choices", role: "group", "aria-label": t.choices },
        buttons.map(function (b) {
          var button = el("button", { type: "button", className: "smk-choice", text: b.title });
          button.addEventListener("click", function () { choose(b); });
          return button;
        })));
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  var busy = false;
  function setBusy(on) {
    busy = on;
    typing.textContent = "";
    if (on) {
      typing.appendChild(el("span", { className: "smk-dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]));
      typing.appendChild(el("span", { className: "smk-vh", text: t.typing }));
    }
    typing.classList.toggle("smk-on", on);
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  function send(message, shown, fromChoice) {
    if (busy) return;
    disableOldChoices();
    render("user", { text: shown || message });
    setBusy(true);
    fetch(gateway + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        setBusy(false);
        var replies = body.messages || [{ text: (body.error && body.error.message) || t.failed, error: true }];
        var last = null;
        replies.forEach(function (m) { last = render("bot", m, m.error || !body.messages); });
        // A keyboard user who answered with a choice lands on the next question's choices.
        var next = fromChoice && last && last.querySelector(".smk-choice");
        if (next) next.focus();
      })
      .catch(function () { setBusy(false); render("bot", { text: t.failed }, true); });
  }

  function choose(button) {
    input.focus();  // the clicked button is about to be disabled; keep focus inside the panel
    send(button.payload, button.title, true);
  }

  // --- history and session -----------------------------------------------------------------------
  var loaded = false;
  function loadHistory() {
    if (loaded) return;
    loaded = true;
    log.setAttribute("aria-busy", "true");
    // The sender id travels in a header, never in the URL (access logs, proxies, history).
    fetch(gateway + "/api/history", { headers: { "X-Samskaping-Sender": sender } })
      .then(function (response) { return response.ok ? response.json() : { messages: [] }; })
      .catch(function () { return { messages: [] }; })
      .then(function (body) {
        render("bot", { text: t.greeting });
        (body.messages || []).forEach(function (m) { render(m.role, m); });
        log.setAttribute("aria-busy", "false");
      });
  }

  function restart() {
    sender = newSender();
    cohort = null;
    showCourse("");
    log.textContent = "";
    render("bot", { text: t.greeting });
    input.focus();
  }

  // --- joining a course (a trainer's cohort) and leaving it ------------------------------------------
  var cohort = null, asking = null, courseMessage = "";
  function fill(text, value) { return text.replace("{}", value); }

  // The status line says what just happened, else where the user stands; the gateway words both
  // (userdata/cohort_texts.py, the same texts as the chat and Telegram).
  var standing = "";
  function showCourse(message) {
    if (message !== undefined) courseMessage = message;
    courseStatus.textContent = courseMessage || (cohort ? standing : "");
    leaveButton.hidden = !cohort;
    codeForm.hidden = !!cohort && !asking;
    noButton.hidden = !asking;
  }

  function showCourseBox(on) {
    courseBox.hidden = !on;
    courseButton.setAttribute("aria-expanded", on ? "true" : "false");
  }

  function api(method, path, body) {
    return fetch(gateway + "/api/cohort" + path + (method === "GET" ? "?lang=" + lang : ""), { method: method,
      headers: { "Content-Type": "application/json", "X-Samskaping-Sender": sender },
      body: body && JSON.stringify(body) })
      .then(function (r) { return r.json().catch(function () { return {}; })
        .then(function (b) { return { status: r.status, body: b }; }); });
  }

  function loadCourse() {
    api("GET", "").then(function (r) {
      if (r.status !== 200) return;
      cohort = r.body.cohort;
      standing = r.body.message;
      courseAbout.textContent = r.body.privacy + " " + t.scope;
      showCourse();
    }, function () {});
  }

  function settleLink() {
    if (asking) session.setItem(ASKED_KEY, asking);
    asking = null;
  }

  function joinCourse() {
    var code = codeInput.value.trim();
    if (!code) { showCourse(t.empty); codeInput.focus(); return; }
    api("POST", "/join", { sender: sender, code: code, lang: lang }).then(function (r) {
      codeInput.removeAttribute("aria-invalid");
      var error = r.body.error || {};
      if (r.status === 200) {
        cohort = r.body.cohort;
        standing = r.body.message;
        settleLink();
        codeInput.value = "";
        showCourse("");
        leaveButton.focus();  // the form is hidden now; keep the keyboard user inside the panel
      } else if (r.status === 404 || r.status === 422) {
        codeInput.setAttribute("aria-invalid", "true");
        showCourse(error.code === "unknown_code" ? error.message : t.empty);
        codeInput.focus();
      } else if (error.code === "cohort_full" || error.code === "cohort_closed" || error.code === "join_locked") {
        showCourse(error.message);
      } else showCourse(r.status === 429 ? t.slow : t.failed);
    }, function () { showCourse(t.failed); });
  }

  function leaveCourse() {
    api("POST", "/leave", { sender: sender, lang: lang }).then(function (r) {
      if (r.status !== 200) { showCourse(r.status === 429 ? t.slow : t.failed); return; }
      cohort = null;
      showCourse(r.body.message);
      codeInput.focus();
    }, function () { showCourse(t.failed); });
  }

  function askToJoin(code, name) {
    // A link never joins by itself: it fills in the code and asks.
    asking = code;
    open(false);
    showCourseBox(true);
    codeInput.value = code;
    showCourse(fill(t.ask, name ? "«" + name + "»" : code));
    focusWhenShown(codeForm.querySelector(".smk-send"));
  }

  courseButton.addEventListener("click", function () {
    var on = courseBox.hidden;
    showCourseBox(on);
    if (on) (cohort ? leaveButton : codeInput).focus();
  });
  codeForm.addEventListener("submit", function (event) { event.preventDefault(); joinCourse(); });
  leaveButton.addEventListener("click", leaveCourse);
  noButton.addEventListener("click", function () {
    settleLink();
    showCourse("");
    showCourseBox(false);
    input.focus();
  });
  showCourse("");

  // --- opening and closing -----------------------------------------------------------------------
  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    session.setItem(OPEN_KEY, "1");
    loadHistory();
    loadCourse();
    if (focus) input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    session.removeItem(OPEN_KEY);
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) open(true); else close(); });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", restart);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send(text);
  });

  function mount() {
    document.body.appendChild(host);
    // Moving to another intranet page keeps the panel open where the user left it.
    if (session.getItem(OPEN_KEY)) open(false);
    var link = config.joinCode || (script && script.getAttribute("data-join-code")) ||
      new URLSearchParams(location.search).get("kurs");
    link = link && String(link).trim().slice(0, 32);
    if (link && session.getItem(ASKED_KEY) !== link) askToJoin(link, script && script.getAttribute("data-join-name"));
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
