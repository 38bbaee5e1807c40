// Only what htmx cannot do: copy a fix to the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copyTarget);
  if (!source) return;
  const text = source.value !== undefined ? source.value : source.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // Clipboard API refused (insecure origin): fall back to a selection copy.
    const area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand("copy"); area.remove();
  }
  button.classList.add("copied");
  setTimeout(() => button.classList.remove("copied"), 2000);
});

// Closed <details> hold evidence and fixes; open them all when printing.
window.addEventListener("beforeprint", () => document.querySelectorAll("details").forEach((d) => { d.open = true; }));

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
