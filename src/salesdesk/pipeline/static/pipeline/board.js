// Kanban board: drag a card to another column to move the opportunity.
// The "Move to" form on each card does the same without a mouse (and without JavaScript).
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function moveCard(card, column) {
    const stageId = column.dataset.stageId;
    if (column.dataset.stageKind === "lost") {
      // A loss needs a reason: the lose form asks for it and makes the move.
      window.location.assign(card.dataset.loseUrl + "?stage=" + encodeURIComponent(stageId));
      return;
    }
    const body = new URLSearchParams({ stage: stageId });
    fetch(card.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      const redirect = response.headers.get("HX-Redirect");
      if (redirect) {
        window.location.assign(redirect);
        return null;
      }
      return response.text().then(function (html) {
        if (!response.ok) {
          window.alert(html);
          return;
        }
        const board = document.getElementById("board");
        board.outerHTML = html;
        const fresh = document.getElementById("board");
        if (window.htmx) {
          window.htmx.process(fresh);
        }
      });
    });
  }

  document.addEventListener("dragstart", function (event) {
    const card = event.target instanceof Element ? event.target.closest(".board-card") : null;
    if (!card) {
      return;
    }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.opportunityId);
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function (event) {
    const card = event.target instanceof Element ? event.target.closest(".board-card") : null;
    if (card) {
      card.classList.remove("dragging");
    }
  });

  document.addEventListener("dragover", function (event) {
    const column = event.target instanceof Element ? event.target.closest(".board-column") : null;
    if (column) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    const column = event.target instanceof Element ? event.target.closest(".board-column") : null;
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    const column = event.target instanceof Element ? event.target.closest(".board-column") : null;
    if (!column) {
      return;
    }
    event.preventDefault();
    column.classList.remove("drop-target");
    const id = event.dataTransfer.getData("text/plain");
    const card = document.querySelector('.board-card[data-opportunity-id="' + CSS.escape(id) + '"]');
    if (card && card.closest(".board-column") !== column) {
      moveCard(card, column);
    }
  });
})();
