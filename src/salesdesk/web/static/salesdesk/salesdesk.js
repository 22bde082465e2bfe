// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});

// Enter in a record search box (core.widgets.RecordSelect) looks for records; it must not submit the form
// the box sits in, half filled.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.key === "Enter" && target instanceof HTMLInputElement && target.classList.contains("record-search")) {
    event.preventDefault();
    target.dispatchEvent(new Event("search"));
  }
});
