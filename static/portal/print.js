// A button marked data-print prints the page (the print styles lay a document out on A4).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
