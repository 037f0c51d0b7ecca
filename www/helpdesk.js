// The helpdesk viewer's copy buttons: `<button data-copy="ID">` copies the text of element ID.
// A module file, not inline script: the pages' CSP forbids inline code.
const status = () => document.getElementById('copy-status');
// In the page's language (the edge writes <html lang>), as preflight-check.js does.
const TEXT = {
  fr: { selected: 'Texte sélectionné : Ctrl+C pour copier.', copied: 'Copié.' },
  en: { selected: 'Text selected: press Ctrl+C to copy.', copied: 'Copied.' },
};
const words = () => TEXT[document.documentElement.lang === 'en' ? 'en' : 'fr'];

async function copy(button) {
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = source.value ?? source.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers or a non-secure origin: select it so Ctrl+C works.
    source.focus();
    source.select?.();
    if (status()) status().textContent = words().selected;
    return;
  }
  if (status()) status().textContent = words().copied;
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  if (button) copy(button);
});
