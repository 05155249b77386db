// A list's filters take a phone's whole first screen: there they start closed unless one is set.
if (window.matchMedia("(max-width: 767.98px)").matches) {
  document.querySelectorAll("details.list-filters:not([data-active])").forEach((details) => { details.open = false; });
}
