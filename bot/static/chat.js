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
    details.appendChild(el("summary", null, "Kilde: " + c.short_title + ", " + c.section + " " + c.section_title));
    if (c.passage_text) details.appendChild(el("blockquote", null, c.passage_text));
    return details;
  }

  function addMessage(who, message, isError) {
    var item = el("li", "msg " + who + (isError ? " error" : ""));
    if (message.text) item.appendChild(el("div", null, message.text));
    if (message.image) {
      var img = el("img", "chart");
      img.src = message.image;
      img.alt = "Diagram over resultatet per område";
      item.appendChild(img);
    }
    if (message.document) {
      var link = el("a", "document", "Last ned " + message.document.filename);
      link.href = message.document.url;
      link.setAttribute("download", message.document.filename);
      item.appendChild(link);
    }
    (message.citations || []).forEach(function (c) { item.appendChild(citationCard(c)); });
    if (message.buttons && message.buttons.length) {
      var choices = el("div", "choices");
      message.buttons.forEach(function (b) {
        var button = el("button", "choice", b.title);
        button.type = "button";
        button.addEventListener("click", function () { send(b.payload, b.title); });
        choices.appendChild(button);
      });
      item.appendChild(choices);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function send(message, shown) {
    addMessage("user", { text: shown || message });
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.messages) body.messages.forEach(function (m) { addMessage("bot", m); });
        else addMessage("bot", { text: (body.error && body.error.message) || "Noe gikk galt." }, true);
      })
      .catch(function () { addMessage("bot", { text: "Fikk ikke kontakt med rådgiveren. Prøv igjen." }, true); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
})();
