/* Behaviour every page shares. No inline script anywhere (the CSP allows scripts from this site only). */

// A list's filters take a phone's whole first screen: there they start closed unless one is set.
if (window.matchMedia("(max-width: 767.98px)").matches) {
  document.querySelectorAll("details.list-filters:not([data-active])").forEach((details) => { details.open = false; });
}

// A table wider than the screen scrolls sideways in its .table-responsive box: a keyboard user reaches that
// scroll only if the box takes the focus (WCAG 2.1.1), so a box that does scroll is made focusable and named
// by its table's caption or the heading above it.
document.querySelectorAll(".table-responsive").forEach((box) => {
  if (box.scrollWidth <= box.clientWidth) { return; }
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  const heading = box.querySelector("caption") || box.previousElementSibling;
  box.setAttribute("aria-label", ((heading && heading.textContent.trim()) || document.title).slice(0, 80));
});

// A file picker (includes/file_picker.html) names the files chosen, in the page's language.
document.querySelectorAll(".file-picker-input").forEach((input) => {
  const names = input.parentElement.querySelector(".file-picker-names");
  input.addEventListener("change", () => {
    names.textContent = Array.from(input.files).map((file) => file.name).join("、") || names.dataset.none;
  });
});
