// Minimal chat page. Everything from the user or the bot is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");

  // The sender id keeps the conversation across reloads; it is random and says nothing about the user.
  var sender = localStorage.getItem("samskaping.sender");
  if (!sender) {
    sender = "web-" + (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    localStorage.setItem("samskaping.sender", sender);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function citationCard(c) {
    var details = el("details", "citation");
    var label = c.short_title + ", " + c.section + " " + c.section_title;
    details.appendChild(el("summary", null, "Kilde: " + label));
    if (c.passage_text) details.appendChild(el("blockquote", null, c.passage_text));
    return details;
  }

  function addMessage(who, message, isError) {
    var item = el("li", "msg " + who + (isError ? " error" : ""));
    item.appendChild(el("div", null, message.text || ""));
    (message.citations || []).forEach(function (c) { item.appendChild(citationCard(c)); });
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    addMessage("user", { text: text });
    input.value = "";
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: text })
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.messages) body.messages.forEach(function (m) { addMessage("bot", m); });
        else addMessage("bot", { text: (body.error && body.error.message) || "Noe gikk galt." }, true);
      })
      .catch(function () { addMessage("bot", { text: "Fikk ikke kontakt med rådgiveren. Prøv igjen." }, true); });
  });
})();
